package runtime

import (
	"context"
	"time"
)

// WithTimeout bounds ctx by d, as a command's --timeout does; d <= 0 is no
// bound. A run stopped by it says "timed out after d" with d as given: the
// host measures nothing itself, which would count the time spent before
// the run began (opening the fleet) against the message.
func WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, timeoutError{d})
}

// timeoutError is the cause of a context made by WithTimeout; errors.Is
// takes it for context.DeadlineExceeded, as it would the plain expiry.
type timeoutError struct{ timeout time.Duration }

func (e timeoutError) Error() string { return "timed out after " + e.timeout.String() }

func (e timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
