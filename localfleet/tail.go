package localfleet

import (
	"sync"

	commonpb "go.viam.com/api/common/v1"
)

// maxTailBacklog bounds what a slow TailRobotPartLogs reader may fall
// behind by; beyond it the oldest undelivered entries are dropped rather
// than letting one stalled client grow the server without limit.
const maxTailBacklog = 10000

// tailHub hands newly appended log entries to the open tails of each part.
type tailHub struct {
	mu   sync.Mutex
	subs map[string]map[*tailSub]struct{}
}

// tailSub is one open TailRobotPartLogs stream. Entries accumulate in
// pending and ready is signalled; the stream takes everything pending at
// once, so a burst becomes one batch.
type tailSub struct {
	mu      sync.Mutex
	pending []*commonpb.LogEntry
	ready   chan struct{}
}

func newTailHub() *tailHub { return &tailHub{subs: map[string]map[*tailSub]struct{}{}} }

func (h *tailHub) subscribe(partID string) *tailSub {
	sub := &tailSub{ready: make(chan struct{}, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[partID] == nil {
		h.subs[partID] = map[*tailSub]struct{}{}
	}
	h.subs[partID][sub] = struct{}{}
	return sub
}

func (h *tailHub) unsubscribe(partID string, sub *tailSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs[partID], sub)
	if len(h.subs[partID]) == 0 {
		delete(h.subs, partID)
	}
}

func (h *tailHub) publish(partID string, entries []*commonpb.LogEntry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs[partID] {
		sub.mu.Lock()
		sub.pending = append(sub.pending, entries...)
		if over := len(sub.pending) - maxTailBacklog; over > 0 {
			sub.pending = append(sub.pending[:0:0], sub.pending[over:]...)
		}
		sub.mu.Unlock()
		select {
		case sub.ready <- struct{}{}:
		default: // already signalled
		}
	}
}

// take returns and clears what is pending.
func (sub *tailSub) take() []*commonpb.LogEntry {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	out := sub.pending
	sub.pending = nil
	return out
}
