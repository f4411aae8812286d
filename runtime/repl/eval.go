package repl

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"
)

// outcome is how one chunk ended.
type outcome int

const (
	succeeded outcome = iota
	failed
	interrupted
)

// evaluator runs chunks on the host and shows what they produce.
type evaluator struct {
	host        Host
	stdout      io.Writer
	stderr      io.Writer
	formatError func(error) string
	// terminal: shorten long results, and start the error of an
	// interrupted call on a line of its own after the echoed "^C".
	terminal bool
}

// exec runs chunk with a context of its own, which a value on interrupts
// cancels with ErrInterrupted as the cause, so that the RPC in flight and
// the Starlark thread both stop (the host's error then says
// "interrupted", with the backtrace of where). The result is printed with
// repr (None is not); an error is printed on stderr. exec returns once the
// host has returned.
func (e *evaluator) exec(ctx context.Context, chunk string, interrupts <-chan os.Signal) outcome {
	if expr, ok := helpRequest(chunk); ok {
		return e.help(expr)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type result struct {
		v   starlark.Value
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := e.host.Exec(ctx, chunk)
		done <- result{v, err}
	}()
	wasInterrupted := false
	for {
		select {
		case r := <-done:
			if r.err == nil {
				e.show(r.v)
				return succeeded
			}
			if wasInterrupted && e.terminal {
				fmt.Fprintln(e.stderr) // end the line holding the echoed "^C"
			}
			fmt.Fprintln(e.stderr, e.formatError(r.err))
			if wasInterrupted {
				return interrupted
			}
			return failed
		case <-interrupts:
			wasInterrupted = true
			cancel(ErrInterrupted)
		}
	}
}

// show prints a chunk's value. (The host binds it to "_".)
func (e *evaluator) show(v starlark.Value) {
	if v == nil || v == starlark.None {
		return
	}
	text := v.String()
	if e.terminal {
		text = truncateDisplay(text)
	}
	fmt.Fprintln(e.stdout, text)
}

// helpRequest recognises "PATH?", IPython's spelling of help(PATH), and
// returns PATH.
func helpRequest(chunk string) (string, bool) {
	expr, ok := strings.CutSuffix(strings.TrimSpace(chunk), "?")
	if !ok || strings.ContainsAny(expr, "\n?") {
		return "", false
	}
	return strings.TrimSpace(expr), true
}

// help prints the host's help for the value at path, found the way
// completion finds values: without calling anything.
func (e *evaluator) help(path string) outcome {
	toks := lex(path)
	steps, start, ok := parsePath(toks)
	if !ok || start != 0 {
		fmt.Fprintf(e.stderr, "%s?: want a name or attribute path such as fleet.list_robots?\n", path)
		return failed
	}
	v, ok := resolvePath(e.host.Globals(), steps)
	if !ok {
		fmt.Fprintf(e.stderr, "%s?: not defined (or not known without a call; try help(%s))\n", path, path)
		return failed
	}
	text := e.host.Help(v)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	io.WriteString(e.stdout, text)
	return succeeded
}
