package starkit

import (
	"errors"
	"strings"

	"go.starlark.net/starlark"
)

// builtinFile is the file name Starlark gives the frames of built-in
// functions; they have no source position worth showing.
const builtinFile = "<builtin>"

// ErrorMessage returns the one-line description of err that scripts and
// users see: what went wrong, named after the builtin that failed (e.g.
// `re.match: invalid pattern "("`, `fail: boom`), with no backtrace.
//
// When err carries several Starlark evaluation errors (a load() of a module
// that failed, a parallel.map worker that failed), the innermost one is
// the cause and is the one described.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	evals := EvalErrors(err)
	if len(evals) == 0 {
		return err.Error()
	}
	inner := evals[len(evals)-1]
	msg := inner.Msg
	if n := len(inner.CallStack); n > 0 && inner.CallStack[n-1].Pos.Filename() == builtinFile {
		name := inner.CallStack[n-1].Name
		// Some builtins prefix their errors with their unqualified name
		// ("parse_duration: ..." from time.parse_duration).
		_, short, qualified := strings.Cut(name, ".")
		switch {
		case strings.HasPrefix(msg, name+": "):
		case qualified && strings.HasPrefix(msg, short+": "):
			msg = name + msg[len(short):]
		default:
			msg = name + ": " + msg
		}
	}
	return msg
}

// ErrorFrames returns the Starlark frames that led to err, outermost
// first, without built-in frames. When err nests evaluation errors of
// other threads (a loaded module, a parallel.map worker), their frames
// follow the frames of the caller, so the trace reads from the script's
// top level down to the line that failed.
func ErrorFrames(err error) []starlark.CallFrame {
	var frames []starlark.CallFrame
	var prev starlark.CallStack
	for _, ee := range EvalErrors(err) {
		stack := ee.CallStack
		// A builtin that calls back into Starlark on the same thread
		// (and returns the error) nests a stack that repeats ours.
		if hasPrefix(stack, prev) {
			stack = stack[len(prev):]
		}
		for _, fr := range stack {
			if fr.Pos.Filename() != builtinFile {
				frames = append(frames, fr)
			}
		}
		prev = ee.CallStack
	}
	return frames
}

// EvalErrors returns the Starlark evaluation errors in err's chain,
// outermost first.
func EvalErrors(err error) []*starlark.EvalError {
	var out []*starlark.EvalError
	for ; err != nil; err = errors.Unwrap(err) {
		if ee, ok := err.(*starlark.EvalError); ok {
			out = append(out, ee)
		}
	}
	return out
}

func hasPrefix(stack, prefix starlark.CallStack) bool {
	if len(prefix) == 0 || len(stack) < len(prefix) {
		return false
	}
	for i := range prefix {
		if stack[i] != prefix[i] {
			return false
		}
	}
	return true
}
