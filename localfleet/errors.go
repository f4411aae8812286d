package localfleet

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The helpers below build the gRPC statuses the fleet answers with. Their
// messages are read by people: they name the argument or the thing and say
// what to do.

func invalidArgf(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, format, args...)
}

func notFound(kind, id string) error {
	return status.Errorf(codes.NotFound, "%s %q not found", kind, id)
}

func alreadyExistsf(format string, args ...any) error {
	return status.Errorf(codes.AlreadyExists, format, args...)
}

func preconditionf(format string, args ...any) error {
	return status.Errorf(codes.FailedPrecondition, format, args...)
}

func permissionDenied(perm string, sc scope) error {
	return status.Errorf(codes.PermissionDenied, "permission denied: missing %q on %s %q", perm, sc.kind, sc.id)
}

// storageError reports a database failure. The request is not at fault, so
// it is Internal; the detail is kept for the person reading the message.
func storageError(op string, err error) error {
	if _, ok := status.FromError(err); ok && status.Code(err) != codes.Unknown {
		return err // already a status made by a helper above
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return status.FromContextError(err).Err() // the caller gave up; nothing failed here
	}
	return status.Error(codes.Internal, fmt.Sprintf("%s: %v", op, err))
}
