package localfleet

import (
	"fmt"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// robotCache keeps machines as GetRobot and ListRobots return them, so that
// listing a large location costs little more than encoding the answer
// (decoding thousands of rows from SQLite costs ten times more). Entries are
// shared between calls and never mutated; seconds_since_online, which
// depends on the time of the call, is filled in on a copy.
//
// Any write to machines or parts invalidates it whole (robotsChanged), after
// its transaction committed; its generation stops a load that raced an
// invalidation from storing what it read before it.
type robotCache struct {
	gen        generation // guards the maps below
	byID       map[string]*apppb.Robot
	byLocation map[string][]cachedRobot // sorted by name
}

// cachedRobot is a machine with its encoding as one element of
// ListRobotsResponse.robots (tag and length included), so that a listing
// is assembled by copying bytes instead of encoding thousands of messages.
type cachedRobot struct {
	msg  *apppb.Robot
	wire []byte
}

// robotsField is the field number of ListRobotsResponse.robots.
var robotsField = (&apppb.ListRobotsResponse{}).ProtoReflect().Descriptor().Fields().ByName("robots").Number()

func encodeRobotEntry(r *apppb.Robot) ([]byte, error) {
	b, err := proto.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode machine %q: %w", r.Id, err)
	}
	entry := protowire.AppendTag(make([]byte, 0, len(b)+8), robotsField, protowire.BytesType)
	return protowire.AppendBytes(entry, b), nil
}

func newRobotCache() *robotCache {
	return &robotCache{byID: map[string]*apppb.Robot{}, byLocation: map[string][]cachedRobot{}}
}

func (c *robotCache) invalidate() {
	c.gen.invalidate(func() {
		clear(c.byID)
		clear(c.byLocation)
	})
}

// robot returns the cached machine, loading it with load on a miss.
func (c *robotCache) robot(id string, load func() (*apppb.Robot, error)) (*apppb.Robot, error) {
	r, _, err := cachedOrLoad(&c.gen, c.byID, id, func() (*apppb.Robot, bool, error) {
		r, err := load()
		return r, err == nil, err
	}, func(r *apppb.Robot) { c.byID[id] = r })
	return r, err
}

// location returns the cached machines of a location, loading them with
// load on a miss; a load fills the machines' byID entries too.
func (c *robotCache) location(id string, load func() ([]*apppb.Robot, error)) ([]cachedRobot, error) {
	rs, _, err := cachedOrLoad(&c.gen, c.byLocation, id, func() ([]cachedRobot, bool, error) {
		rs, err := encodeRobots(load)
		return rs, err == nil, err
	}, func(rs []cachedRobot) {
		c.byLocation[id] = rs
		for _, r := range rs {
			c.byID[r.msg.Id] = r.msg
		}
	})
	return rs, err
}

// encodeRobots loads machines and pairs each with its encoding.
func encodeRobots(load func() ([]*apppb.Robot, error)) ([]cachedRobot, error) {
	loaded, err := load()
	if err != nil {
		return nil, err
	}
	rs := make([]cachedRobot, len(loaded))
	for i, r := range loaded {
		wire, err := encodeRobotEntry(r)
		if err != nil {
			return nil, err
		}
		rs[i] = cachedRobot{msg: r, wire: wire}
	}
	return rs, nil
}

// listRobotsResponse assembles a ListRobotsResponse of the machines keep
// accepts, as seen at now. The machines travel as the message's unknown
// fields holding exactly the bytes the robots field would encode to: the
// encoding on the wire is the same, and a client decodes them into robots
// as usual. (The message must therefore only be sent, never read
// in-process.)
func listRobotsResponse(rs []cachedRobot, keep func(*apppb.Robot) bool, now time.Time) (*apppb.ListRobotsResponse, error) {
	size := 0
	for _, r := range rs {
		size += len(r.wire)
	}
	wire := make([]byte, 0, size)
	for _, r := range rs {
		if !keep(r.msg) {
			continue
		}
		if seen := robotAt(r.msg, now); seen != r.msg { // offline: seconds_since_online is per call
			entry, err := encodeRobotEntry(seen)
			if err != nil {
				return nil, err
			}
			wire = append(wire, entry...)
			continue
		}
		wire = append(wire, r.wire...)
	}
	resp := &apppb.ListRobotsResponse{}
	resp.ProtoReflect().SetUnknown(wire)
	return resp, nil
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
