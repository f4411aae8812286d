// Package repl is fleetscript's interactive read-eval-print loop.
//
// On a terminal it is a readline program: ">>> " and "... " prompts,
// multi-line blocks, a history file that never receives secrets, Tab
// completion that never calls an RPC, "NAME?" for help on a value held,
// and Ctrl-C that cancels either the input being typed or the call in
// flight. Ctrl-D at an empty prompt ends the session (a block still being
// typed is dropped). Results are shown with repr, None is not shown, long
// results are cut to 40 lines or 4000 characters with a note, and the
// host keeps the last result in "_".
//
// On a pipe it reads statements from stdin (blocks need no blank line
// after them), runs them one by one and prints their results in full,
// with no prompts. A failing chunk is reported and the run goes on, like a
// fleet operator's list of changes where one bad line should not hide the
// rest; the run then ends with an error so the command exits 1.
//
// The package depends only on the small Host interface, which
// *runtime.Host satisfies, so the loop, input assembly and completion are
// tested against a fake host.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime"
)

// Host runs REPL chunks. *runtime.Host implements it.
type Host interface {
	// Exec runs one chunk in the session's persistent globals and returns
	// the value of a trailing expression statement, or nil; it binds a
	// non-None value to "_".
	Exec(ctx context.Context, src string) (starlark.Value, error)
	// Globals lists the names a user can refer to (completion).
	Globals() starlark.StringDict
	// Help returns what help(v) prints (the "NAME?" shortcut).
	Help(v starlark.Value) string
}

// Mode says whether the REPL talks to a person at a terminal or reads a
// pipe.
type Mode int

const (
	// ModeAuto chooses ModeTerminal when Stdin is a terminal.
	ModeAuto Mode = iota
	// ModeTerminal: readline editing, prompts, history, completion.
	ModeTerminal
	// ModePipe: statements from Stdin, results on Stdout, no prompts.
	ModePipe
)

// DisableHistory as Options.HistoryFile keeps no history file.
const DisableHistory = "-"

// Options configures Run.
type Options struct {
	// Stdin, Stdout and Stderr default to the process's own.
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	// HistoryFile is where terminal input is remembered: "" means
	// ~/.fleetscript_history, DisableHistory means nowhere. Pipe mode
	// never writes history.
	HistoryFile string

	// Secrets are strings (API key, key id, tokens) that must never reach
	// the history file. Input that contains one, or that looks like it
	// assigns a secret literal (see carriesSecret), is not remembered.
	Secrets []string

	// Mode chooses terminal or pipe behaviour; ModeAuto detects it.
	Mode Mode

	// FormatError renders an error for stderr; nil means
	// runtime.FormatError.
	FormatError func(error) string

	// interrupts replaces SIGINT in tests; nil means the real signal.
	interrupts <-chan os.Signal
}

// ErrFailed is wrapped by the error Run returns in pipe mode when at least
// one chunk failed (each failure was already printed on Stderr).
var ErrFailed = errors.New("input failed")

// ErrInterrupted is returned when Ctrl-C stops a pipe-mode run.
var ErrInterrupted = errors.New("interrupted")

// Run runs the REPL until end of input (Ctrl-D on a terminal). On a
// terminal it returns nil unless the terminal could not be set up; on a
// pipe it runs every chunk, even after a failure, and returns an error
// wrapping ErrFailed if any failed, so the command can exit 1. Ctrl-C
// (SIGINT) is handled here: the caller must not cancel ctx on SIGINT.
func Run(ctx context.Context, host Host, opts Options) error {
	if host == nil {
		return errors.New("repl.Run: host is nil")
	}
	opts = opts.withDefaults()
	ev := &evaluator{
		host:        host,
		stdout:      opts.Stdout,
		stderr:      opts.Stderr,
		formatError: opts.FormatError,
	}
	interrupts, stop := opts.interruptSource()
	defer stop()
	if opts.Mode == ModeTerminal || (opts.Mode == ModeAuto && isTerminal(opts.Stdin)) {
		ev.terminal = true
		return runTerminal(ctx, ev, opts, interrupts)
	}
	return runPipe(ctx, ev, opts.Stdin, interrupts)
}

func (o Options) withDefaults() Options {
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.FormatError == nil {
		o.FormatError = runtime.FormatError
	}
	return o
}

// failedError reports how many pipe-mode chunks failed.
func failedError(failed, total int) error {
	return fmt.Errorf("%d of %d chunks: %w", failed, total, ErrFailed)
}
