package runtime

import (
	"context"
	"errors"
	"fmt"

	"go.starlark.net/starlark"
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

const catchDoc = `catch(fn, *args, **kwargs)

Calls fn(*args, **kwargs) and returns a result instead of stopping the
script when the call fails. The result is truthy when the call succeeded;
result.value is what fn returned (None on failure) and result.error is None
on success, else an error value:

  error.code     the gRPC code name when the failure came from an RPC
                 (e.g. "NOT_FOUND", "PERMISSION_DENIED"; "DEADLINE_EXCEEDED"
                 when the call's own deadline passed), "UNKNOWN" for any
                 other failure (fail(), a bad argument, ...)
  error.message  the server's message for an RPC failure, else the
                 one-line error text
  str(error)     the one-line error text, naming the builtin that failed

A cancelled run (Ctrl-C, --timeout) is not caught: it stops the script.

  r = catch(fleet.get_robot, "abc")
  if not r:
      print("no machine:", r.error.code)`

var catchBuiltin = starkit.NewFunc("catch", catchDoc, []string{"fn"}, catch)

func catch(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, errors.New("missing argument fn")
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("fn: want a callable, got %s", args[0].Type())
	}
	v, err := starlark.Call(thread, fn, args[1:], kwargs)
	if err == nil {
		return &catchResult{value: v}, nil
	}
	if ctxErr := starkit.EnvOf(thread).Context().Err(); ctxErr != nil {
		return nil, err // a cancelled run must stop
	}
	return &catchResult{value: starlark.None, err: newErrorValue(err)}, nil
}

// catchResult is what catch returns.
type catchResult struct {
	value starlark.Value
	err   *errorValue // nil on success
}

var _ starlark.HasAttrs = (*catchResult)(nil)

func (r *catchResult) String() string {
	if r.err != nil {
		return fmt.Sprintf("catch_result(error=%s)", r.err.repr())
	}
	return fmt.Sprintf("catch_result(value=%s)", r.value.String())
}
func (r *catchResult) Type() string          { return "catch_result" }
func (r *catchResult) Freeze()               { r.value.Freeze() }
func (r *catchResult) Truth() starlark.Bool  { return r.err == nil }
func (r *catchResult) Hash() (uint32, error) { return 0, errors.New("unhashable: catch_result") }
func (r *catchResult) AttrNames() []string   { return []string{"error", "value"} }

func (r *catchResult) Attr(name string) (starlark.Value, error) {
	switch name {
	case "value":
		return r.value, nil
	case "error":
		if r.err == nil {
			return starlark.None, nil
		}
		return r.err, nil
	}
	return nil, nil
}

// errorValue is a failure as a Starlark value: catch's result.error.
type errorValue struct {
	code    string
	message string
	text    string // the one-line description
}

var _ starlark.HasAttrs = (*errorValue)(nil)

// newErrorValue describes err. The code is the canonical name of the first
// gRPC status in err's chain; else DEADLINE_EXCEEDED or CANCELLED for a
// context error (a builtin's own deadline); else UNKNOWN.
func newErrorValue(err error) *errorValue {
	text := starkit.ErrorMessage(err)
	ev := &errorValue{code: code.Code_UNKNOWN.String(), message: text, text: text}
	var gs interface{ GRPCStatus() *status.Status }
	switch {
	case errors.As(err, &gs) && gs.GRPCStatus() != nil:
		st := gs.GRPCStatus()
		ev.code = code.Code(st.Code()).String()
		ev.message = st.Message()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		ev.code = code.Code(status.FromContextError(err).Code()).String()
	}
	return ev
}

func (e *errorValue) String() string { return e.text }
func (e *errorValue) repr() string {
	return fmt.Sprintf("error(code=%q, message=%q)", e.code, e.message)
}
func (e *errorValue) Type() string          { return "error" }
func (e *errorValue) Freeze()               {}
func (e *errorValue) Truth() starlark.Bool  { return true }
func (e *errorValue) Hash() (uint32, error) { return starlark.String(e.text).Hash() }
func (e *errorValue) AttrNames() []string   { return []string{"code", "message"} }

func (e *errorValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "code":
		return starlark.String(e.code), nil
	case "message":
		return starlark.String(e.message), nil
	}
	return nil, nil
}
