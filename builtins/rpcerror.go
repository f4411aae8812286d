package builtins

import (
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// RPCError is a failed AppService call as a script sees it:
// `fleet.get_robot: NOT_FOUND: machine "abc" not found`.
type RPCError struct {
	Method string // Starlark method name, e.g. "get_robot"
	status *status.Status
	err    error // the status error returned by gRPC
}

func newRPCError(method string, err error) *RPCError {
	st, _ := status.FromError(err) // non-status errors become codes.Unknown
	return &RPCError{Method: method, status: st, err: err}
}

func (e *RPCError) Error() string {
	return fmt.Sprintf("fleet.%s: %s: %s", e.Method, CodeName(e.status.Code()), e.status.Message())
}

// GRPCStatus lets status.FromError and status.Code see through the wrapper.
func (e *RPCError) GRPCStatus() *status.Status { return e.status }

// Code is the gRPC code of the failure.
func (e *RPCError) Code() codes.Code { return e.status.Code() }

// Message is the server's message, without the method or code.
func (e *RPCError) Message() string { return e.status.Message() }

func (e *RPCError) Unwrap() error { return e.err }

// CodeName returns the canonical upper-case name of a gRPC code, as the
// protocol spells it ("NOT_FOUND", not grpc-go's "NotFound"): the names of
// google.rpc.Code, which catch() reports too.
func CodeName(c codes.Code) string {
	if name, ok := code.Code_name[int32(c)]; ok {
		return name
	}
	return fmt.Sprintf("CODE_%d", uint32(c))
}
