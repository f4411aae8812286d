package conn

import (
	"context"
	"time"
)

// backoff is how reads are retried on Unavailable: up to retries more
// attempts, waiting base, 2*base, ... capped at max.
type backoff struct {
	retries   int
	base, max time.Duration
}

// defaultBackoff waits 0.2+0.4+0.8+1.6+2 s at most: long enough to ride out
// a server restart or a load balancer hiccup, short enough for a REPL.
var defaultBackoff = backoff{retries: 5, base: 200 * time.Millisecond, max: 2 * time.Second}

// wait sleeps before retry number n (0-based); false when ctx ended first.
func (b backoff) wait(ctx context.Context, n int) bool {
	d := b.base << n
	if d > b.max || d <= 0 {
		d = b.max
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
