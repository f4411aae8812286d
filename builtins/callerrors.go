package builtins

import (
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// A method's errors name it: fleet.NAME: message. Bad arguments also
// carry INVALID_ARGUMENT, as if the server had refused them.

// errorf returns an error prefixed by the method's name.
func (m *method) errorf(format string, args ...any) error {
	return &starkit.CallError{Func: "fleet." + m.name, Err: fmt.Errorf(format, args...)}
}

// argErrorf returns a bad-argument error prefixed by the method's name.
func (m *method) argErrorf(format string, args ...any) error {
	return &starkit.CallError{Func: "fleet." + m.name, Err: &argError{fmt.Errorf(format, args...)}}
}

// argWrap marks err, found while reading the arguments, as a bad argument,
// unless it is an RPC failure (org discovery, a hook's lookup) or already
// prefixed.
func (m *method) argWrap(err error) error {
	switch err.(type) {
	case *RPCError, *starkit.CallError:
		return m.wrap(err)
	}
	return &starkit.CallError{Func: "fleet." + m.name, Err: &argError{err}}
}

// argError is a bad argument: catch() and status.Code see INVALID_ARGUMENT,
// as if the server had refused it.
type argError struct{ err error }

func (e *argError) Error() string { return e.err.Error() }
func (e *argError) Unwrap() error { return e.err }
func (e *argError) GRPCStatus() *status.Status {
	return status.New(codes.InvalidArgument, e.err.Error())
}

// wrap prefixes err with the method's name unless it already names it.
func (m *method) wrap(err error) error {
	switch e := err.(type) {
	case *RPCError:
		if e.Method == m.name {
			return err
		}
	case *starkit.CallError:
		if e.Func == "fleet."+m.name {
			return err
		}
	}
	return &starkit.CallError{Func: "fleet." + m.name, Err: err}
}
