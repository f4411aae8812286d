package localfleet

import (
	"sync"
	"time"
)

// fakeEpoch is where the deterministic clock starts: a fixed instant, so
// golden outputs do not depend on the day they were recorded.
var fakeEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fakeStep is how far the deterministic clock moves on every read, so that
// successive events still get distinct, ordered timestamps.
const fakeStep = time.Second

// clock gives the time the fleet stamps on what it stores.
type clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now().UTC() }

// fakeClock starts at fakeEpoch and advances by fakeStep each time it is
// read: two runs making the same calls see the same times.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: fakeEpoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.now
	c.now = c.now.Add(fakeStep)
	return t
}

// nanos converts a stored time (Unix nanoseconds, see schema.go).
func nanos(n int64) time.Time { return time.Unix(0, n).UTC() }
