package repl

import (
	"context"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"

	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/builtins"
)

// recordingConn is a grpc.ClientConnInterface that records every call and
// fails it: completion must never reach it.
type recordingConn struct {
	mu      sync.Mutex
	methods []string
}

var _ grpc.ClientConnInterface = (*recordingConn)(nil)

func (c *recordingConn) record(method string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.methods = append(c.methods, method)
	return errors.New("recordingConn: no server")
}

func (c *recordingConn) Invoke(_ context.Context, method string, _, _ any, _ ...grpc.CallOption) error {
	return c.record(method)
}

func (c *recordingConn) NewStream(_ context.Context, _ *grpc.StreamDesc, method string, _ ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, c.record(method)
}

// TestCompleterOnTheRealFleet completes on the real fleet value, whose
// org_id would discover the organization with an RPC if it were read: the
// completer reads only its starkit.SafeAttrs.
func TestCompleterOnTheRealFleet(t *testing.T) {
	conn := &recordingConn{}
	host := newFakeHost(io.Discard)
	host.set("fleet", builtins.New(conn, builtins.Options{}))
	c := newCompleter(host, nil)
	tests := []struct {
		before      string
		want        []string
		wantPartial string
	}{
		{"fleet.list_lo", []string{"list_locations("}, "list_lo"},
		{"fleet.org_", []string{"org_id"}, "org_"}, // organization_* methods also start with "org"
		{"fleet.list_robots(loc", []string{"location_id="}, "loc"},
		{"fleet.org_id.up", nil, "up"},
		{"fleet.location_", []string{"location_auth(", "location_id"}, "location_"}, // location_id offered, not read
		{"fleet.location_id.up", nil, "up"},
		{"fleet.us", []string{"use("}, "us"},
		{"fleet.use(", []string{"org_id=", "location_id="}, ""},
		{"fleet.use(org_id=x, ", []string{"location_id="}, ""},
	}
	for _, tt := range tests {
		got, partial := c.complete("", tt.before)
		if !slices.Equal(got, tt.want) || partial != tt.wantPartial {
			t.Errorf("complete(%q) = %q, %q; want %q, %q", tt.before, got, partial, tt.want, tt.wantPartial)
		}
	}
	// Tab right after "fleet." offers every method, with its parenthesis.
	all, _ := c.complete("", "fleet.")
	if len(all) < len(builtins.Methods()) || !slices.Contains(all, "get_robot_part(") {
		t.Errorf("complete(%q) offered %d names (%q...), want every method", "fleet.", len(all), all[:min(len(all), 3)])
	}
	if len(conn.methods) > 0 {
		t.Errorf("completion sent RPCs %v", conn.methods)
	}
}
