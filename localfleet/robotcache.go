package localfleet

import (
	"sync"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

// robotCache keeps machines as GetRobot and ListRobots return them, so that
// listing a large location costs little more than encoding the answer
// (decoding thousands of rows from SQLite costs ten times more). Entries are
// shared between calls and never mutated; seconds_since_online, which
// depends on the time of the call, is filled in on a copy.
//
// Any write to machines or parts invalidates it whole (robotsChanged), after
// its transaction committed; a generation counter stops a load that raced
// an invalidation from storing what it read before it.
type robotCache struct {
	mu         sync.Mutex
	gen        uint64
	byID       map[string]*apppb.Robot
	byLocation map[string][]*apppb.Robot // sorted by name
}

func newRobotCache() *robotCache {
	return &robotCache{byID: map[string]*apppb.Robot{}, byLocation: map[string][]*apppb.Robot{}}
}

func (c *robotCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.byID)
	clear(c.byLocation)
}

// robot returns the cached machine, loading it with load on a miss.
func (c *robotCache) robot(id string, load func() (*apppb.Robot, error)) (*apppb.Robot, error) {
	c.mu.Lock()
	r, ok := c.byID[id]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		return r, nil
	}
	r, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.byID[id] = r
	}
	c.mu.Unlock()
	return r, nil
}

// location returns the cached machines of a location, loading them with
// load on a miss.
func (c *robotCache) location(id string, load func() ([]*apppb.Robot, error)) ([]*apppb.Robot, error) {
	c.mu.Lock()
	rs, ok := c.byLocation[id]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		return rs, nil
	}
	rs, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.byLocation[id] = rs
		for _, r := range rs {
			c.byID[r.Id] = r
		}
	}
	c.mu.Unlock()
	return rs, nil
}

// robotAt returns r as seen at now: an offline machine gets a copy with
// seconds_since_online set; others are returned as they are.
func robotAt(r *apppb.Robot, now time.Time) *apppb.Robot {
	if r.OnlineState != apppb.OnlineState_ONLINE_STATE_OFFLINE || r.LastAccess == nil {
		return r
	}
	c := proto.Clone(r).(*apppb.Robot)
	c.SecondsSinceOnline = int64(now.Sub(r.LastAccess.AsTime()) / time.Second)
	return c
}

// robotsChanged must follow every committed write to machines or parts.
func (s *service) robotsChanged() { s.robots.invalidate() }
