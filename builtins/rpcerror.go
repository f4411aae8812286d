package builtins

import (
	"fmt"

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
// protocol spells it ("NOT_FOUND", not Go's "NotFound").
func CodeName(c codes.Code) string {
	if name, ok := codeNames[c]; ok {
		return name
	}
	return fmt.Sprintf("CODE_%d", uint32(c))
}

// codeNames are the protocol's names of the gRPC codes (grpc-go's String
// spells them in CamelCase, and Canceled with one L).
var codeNames = map[codes.Code]string{
	codes.OK:                 "OK",
	codes.Canceled:           "CANCELLED",
	codes.Unknown:            "UNKNOWN",
	codes.InvalidArgument:    "INVALID_ARGUMENT",
	codes.DeadlineExceeded:   "DEADLINE_EXCEEDED",
	codes.NotFound:           "NOT_FOUND",
	codes.AlreadyExists:      "ALREADY_EXISTS",
	codes.PermissionDenied:   "PERMISSION_DENIED",
	codes.ResourceExhausted:  "RESOURCE_EXHAUSTED",
	codes.FailedPrecondition: "FAILED_PRECONDITION",
	codes.Aborted:            "ABORTED",
	codes.OutOfRange:         "OUT_OF_RANGE",
	codes.Unimplemented:      "UNIMPLEMENTED",
	codes.Internal:           "INTERNAL",
	codes.Unavailable:        "UNAVAILABLE",
	codes.DataLoss:           "DATA_LOSS",
	codes.Unauthenticated:    "UNAUTHENTICATED",
}
