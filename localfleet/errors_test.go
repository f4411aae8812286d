package localfleet

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"
)

func TestStorageError(t *testing.T) {
	tests := []struct {
		err  error
		code codes.Code
	}{
		{notFound("machine", "x"), codes.NotFound},
		{fmt.Errorf("query: %w", context.Canceled), codes.Canceled},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), codes.DeadlineExceeded},
		{errors.New("disk I/O error"), codes.Internal},
	}
	for _, tt := range tests {
		wantCode(t, storageError("op", tt.err), tt.code, "")
	}
	wantCode(t, storageError("get machine", errors.New("disk I/O error")), codes.Internal, "get machine: disk I/O error")
}
