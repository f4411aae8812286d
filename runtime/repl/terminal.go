package repl

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"
)

const (
	primaryPrompt      = ">>> "
	continuationPrompt = "... "
)

// runTerminal is the interactive loop: it returns nil on Ctrl-D at an
// empty prompt, and an error only when the terminal cannot be set up or
// ctx ends.
func runTerminal(ctx context.Context, ev *evaluator, opts Options, interrupts <-chan os.Signal) error {
	history, err := historyPath(opts.HistoryFile)
	if err != nil {
		fmt.Fprintf(opts.Stderr, "repl: %v (history is off)\n", err)
	}
	chunks := &chunkReader{}
	rl, err := readline.NewEx(terminalConfig(opts, history, newCompleter(ev.host, chunks.Typed)))
	if err != nil {
		return fmt.Errorf("repl: set up terminal: %w", err)
	}
	chunks.src = terminalLines{rl}
	defer rl.Close()
	// Closing readline is the only way to stop a read in progress.
	defer context.AfterFunc(ctx, func() { rl.Close() })()

	remember := historyFilter{secrets: opts.Secrets}
	for {
		chunk, err := chunks.Next()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == io.EOF:
			return nil
		case err == errInputCancelled:
			continue
		case err != nil:
			return fmt.Errorf("repl: read input: %w", err)
		}
		if history != "" && remember.allows(chunk) {
			for _, line := range strings.Split(strings.TrimSuffix(chunk, "\n"), "\n") {
				rl.SaveHistory(line) // best effort: a full disk must not end the session
			}
		}
		drain(interrupts) // a stray SIGINT sent while reading must not cancel this chunk
		ev.exec(ctx, chunk, interrupts)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// drain discards interrupts already delivered.
func drain(interrupts <-chan os.Signal) {
	for {
		select {
		case <-interrupts:
		default:
			return
		}
	}
}

// terminalConfig configures readline for opts: history is saved by the
// loop (only chunks without secrets), and raw mode and width use the
// given streams rather than the process's fd 0 and 1.
func terminalConfig(opts Options, history string, completer readline.AutoCompleter) *readline.Config {
	cfg := &readline.Config{
		Prompt:                 primaryPrompt,
		HistoryFile:            history,
		DisableAutoSaveHistory: true,
		AutoComplete:           completer,
		EOFPrompt:              "\n", // readline's way to say: print nothing
		Stdin:                  readline.NewCancelableStdin(opts.Stdin),
		Stdout:                 opts.Stdout,
		Stderr:                 opts.Stderr,
		FuncIsTerminal:         func() bool { return true },
		FuncGetWidth:           func() int { return terminalWidth(opts.Stdout) },
	}
	if in, ok := opts.Stdin.(*os.File); ok && readline.IsTerminal(int(in.Fd())) {
		fd := int(in.Fd())
		var saved *readline.State
		cfg.FuncMakeRaw = func() (err error) {
			saved, err = readline.MakeRaw(fd)
			return err
		}
		cfg.FuncExitRaw = func() error {
			if saved == nil {
				return nil
			}
			return readline.Restore(fd, saved)
		}
	} else {
		// A forced terminal on plain streams (tests): no tty to switch.
		cfg.FuncMakeRaw = func() error { return nil }
		cfg.FuncExitRaw = func() error { return nil }
	}
	return cfg
}

// terminalLines is the lineReader of terminal mode.
type terminalLines struct{ rl *readline.Instance }

func (t terminalLines) ReadLine(continuation bool) (string, error) {
	prompt := primaryPrompt
	if continuation {
		prompt = continuationPrompt
	}
	t.rl.SetPrompt(prompt)
	line, err := t.rl.Readline()
	if err == readline.ErrInterrupt {
		return "", errInputCancelled
	}
	return line, err
}

// isTerminal reports whether r is a terminal device.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}

// terminalWidth is w's width in columns, or 80 when w is not a terminal.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := readline.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return 80
}
