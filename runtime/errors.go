package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// ScriptError is how a run fails: one line naming the builtin and what
// went wrong, the Starlark backtrace, and the original error, reachable
// with errors.As / errors.Is (an RPC failure unwraps to the fleet
// module's error and its gRPC status; a cancelled run to context.Canceled
// or context.DeadlineExceeded).
type ScriptError struct {
	// Message is one line, e.g. `fleet.get_robot: NOT_FOUND: machine "abc" not found`.
	Message string
	// Traceback is "Traceback (most recent call last):" and one
	// "  file:line:col: in fn" line per frame; "" when there is no frame
	// (a syntax error, a script that could not be read).
	Traceback string
	// Err is the original error.
	Err error
}

func (e *ScriptError) Error() string { return e.Message }
func (e *ScriptError) Unwrap() error { return e.Err }

// FormatError returns the text a user sees for err: its one-line message,
// then the backtrace when there is one. It accepts any error; a
// *ScriptError is formatted as is.
func FormatError(err error) string {
	if err == nil {
		return ""
	}
	var se *ScriptError
	if !errors.As(err, &se) {
		se = describe(err)
	}
	if se.Traceback == "" {
		return se.Message
	}
	return se.Message + "\n" + se.Traceback
}

// newScriptError turns the error of a run that started at start into a
// *ScriptError; nil stays nil. When ctx is done, the run was stopped from
// outside, and the message says so instead of describing whatever the
// stop interrupted.
func newScriptError(ctx context.Context, start time.Time, err error) error {
	if err == nil {
		return nil
	}
	se := describe(err)
	if ctx.Err() != nil {
		se.Message = stopMessage(ctx, start)
		se.Err = &stopError{cause: context.Cause(ctx), interrupted: err}
	}
	return se
}

func describe(err error) *ScriptError {
	return &ScriptError{
		Message:   starkit.ErrorMessage(err),
		Traceback: traceback(err),
		Err:       err,
	}
}

func traceback(err error) string {
	frames := starkit.ErrorFrames(err)
	if len(frames) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):")
	for _, fr := range frames {
		fmt.Fprintf(&b, "\n  %s: in %s", fr.Pos, fr.Name)
	}
	return b.String()
}

// stopMessage says why a run whose context is done stopped: "cancelled",
// "timed out after 5s", or the cause the canceller gave.
func stopMessage(ctx context.Context, start time.Time) string {
	switch cause := context.Cause(ctx); {
	case cause == context.Canceled:
		return "cancelled"
	case cause == context.DeadlineExceeded:
		if deadline, ok := ctx.Deadline(); ok {
			return "timed out after " + roundTimeout(deadline.Sub(start)).String()
		}
		return "timed out"
	default:
		return cause.Error()
	}
}

// roundTimeout undoes the few microseconds between the caller setting a
// deadline and the run starting, so --timeout 5s reads "5s".
func roundTimeout(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	default:
		return d
	}
}

// stopError is the error of a run stopped from outside: it is the
// context's cause (errors.Is(err, context.Canceled) holds) and keeps the
// error the stop interrupted for whoever wants the detail.
type stopError struct {
	cause       error
	interrupted error
}

func (e *stopError) Error() string   { return e.cause.Error() }
func (e *stopError) Unwrap() []error { return []error{e.cause, e.interrupted} }
