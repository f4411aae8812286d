package builtins_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
	"github.com/fleetscript/fleetscript/stdlib"
)

// benchFleet is a local fleet with n machines in one location, the raw Go
// client on it, and a Starlark thread whose globals hold fleet and
// parallel.
type benchFleet struct {
	raw      appv1.AppServiceClient
	thread   *starlark.Thread
	globals  starlark.StringDict
	pre      starlark.StringDict // predeclared: fleet and the standard modules
	location string
	robotIDs []string
}

func newBenchFleet(b *testing.B, machines int, latency time.Duration) *benchFleet {
	b.Helper()
	fixture := &localfleet.Fixture{Organizations: []localfleet.FixtureOrganization{{
		Name:      "bench",
		Locations: []localfleet.FixtureLocation{{Name: "yard", Machines: make([]localfleet.FixtureMachine, machines)}},
	}}}
	for i := range fixture.Organizations[0].Locations[0].Machines {
		fixture.Organizations[0].Locations[0].Machines[i].Name = fmt.Sprintf("rover-%05d", i)
	}
	_, conn := localFleet(b, localfleet.Options{Fixture: fixture, Latency: latency})
	bf := &benchFleet{raw: appv1.NewAppServiceClient(conn)}
	ctx := context.Background()
	orgs, err := bf.raw.ListOrganizations(ctx, &appv1.ListOrganizationsRequest{})
	if err != nil {
		b.Fatal(err)
	}
	locs, err := bf.raw.ListLocations(ctx, &appv1.ListLocationsRequest{OrganizationId: orgs.GetOrganizations()[0].GetId()})
	if err != nil {
		b.Fatal(err)
	}
	bf.location = locs.GetLocations()[0].GetId()
	robots, err := bf.raw.ListRobots(ctx, &appv1.ListRobotsRequest{LocationId: bf.location})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range robots.GetRobots() {
		bf.robotIDs = append(bf.robotIDs, r.GetId())
	}
	if len(bf.robotIDs) != machines {
		b.Fatalf("%d machines listed, want %d", len(bf.robotIDs), machines)
	}

	h := newHarness(b, conn, builtins.Options{})
	// The same connection as the raw client: no call counting in the way.
	fleet := builtins.New(conn, builtins.Options{OrgID: orgs.GetOrganizations()[0].GetId(), LocationID: bf.location})
	thread, stop := h.env.NewThread("bench")
	b.Cleanup(stop)
	bf.thread = thread
	pre := stdlib.Predeclared()
	pre["fleet"] = fleet
	bf.pre = pre
	bf.globals, err = starlark.ExecFile(thread, "bench.star", `
def get_robot(id):
    return fleet.get_robot(id)

def read_all(location_id):
    for r in fleet.list_robots(location_id):
        r.id
        r.name

def parts_sequential(ids):
    return [fleet.get_robot_parts(id) for id in ids]

def parts_parallel(ids):
    return parallel.map(fleet.get_robot_parts, ids, workers=16)
`, pre)
	if err != nil {
		b.Fatal(err)
	}
	return bf
}

func (bf *benchFleet) call(b *testing.B, fn string, args ...starlark.Value) starlark.Value {
	v, err := starlark.Call(bf.thread, bf.globals[fn], args, nil)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// ratio times fast and slow alternately, so both see the same machine
// state, and reports slow's time per op as a multiple of fast's.
func ratio(b *testing.B, unit string, base, measured func()) {
	var baseTime, measuredTime time.Duration
	for b.Loop() {
		start := time.Now()
		base()
		mid := time.Now()
		measured()
		baseTime += mid.Sub(start)
		measuredTime += time.Since(mid)
	}
	n := float64(b.N)
	b.ReportMetric(float64(baseTime.Nanoseconds())/n, "base-ns/op")
	b.ReportMetric(float64(measuredTime.Nanoseconds())/n, unit+"-ns/op")
	b.ReportMetric(float64(measuredTime)/float64(baseTime), unit+"/base")
}

// againstRaw times the raw Go client path and the script path alone, with
// allocations, then their ratio.
func againstRaw(b *testing.B, raw, script func()) {
	for _, path := range []struct {
		name string
		run  func()
	}{{"raw", raw}, {"starlark", script}} {
		b.Run(path.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				path.run()
			}
		})
	}
	b.Run("ratio", func(b *testing.B) { ratio(b, "starlark", raw, script) })
}

// BenchmarkGetRobot: fleet.get_robot(id) from Starlark against the raw Go
// client call (target: at most 1.10x).
func BenchmarkGetRobot(b *testing.B) {
	bf := newBenchFleet(b, 10, 0)
	ctx := context.Background()
	id := bf.robotIDs[0]
	raw := func() {
		if _, err := bf.raw.GetRobot(ctx, &appv1.GetRobotRequest{Id: id}); err != nil {
			b.Fatal(err)
		}
	}
	script := func() { bf.call(b, "get_robot", starlark.String(id)) }
	againstRaw(b, raw, script)
}

// BenchmarkListRobots10000: a script listing 10,000 machines and reading
// two fields of each against Go doing the same through the raw client
// (target: at most 1.5x).
func BenchmarkListRobots10000(b *testing.B) {
	bf := newBenchFleet(b, 10_000, 0)
	ctx := context.Background()
	loc := starlark.String(bf.location)
	var id, name string
	raw := func() {
		resp, err := bf.raw.ListRobots(ctx, &appv1.ListRobotsRequest{LocationId: bf.location})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range resp.GetRobots() {
			id, name = r.GetId(), r.GetName()
		}
	}
	script := func() { bf.call(b, "read_all", loc) }
	againstRaw(b, raw, script)
	_, _ = id, name
}

// BenchmarkParallelParts: parallel.map of get_robot_parts over 1,000
// machines with 16 workers against a sequential loop, with 2 ms of latency
// injected into the server (target: at least 8x faster). The metric
// "sequential/base" is how many times slower the loop is.
func BenchmarkParallelParts(b *testing.B) {
	bf := newBenchFleet(b, 1_000, 2*time.Millisecond)
	ids := make([]starlark.Value, len(bf.robotIDs))
	for i, id := range bf.robotIDs {
		ids[i] = starlark.String(id)
	}
	list := starlark.NewList(ids)
	parallel := func() { bf.call(b, "parts_parallel", list) }
	sequential := func() { bf.call(b, "parts_sequential", list) }
	b.Run("ratio", func(b *testing.B) { ratio(b, "sequential", parallel, sequential) })
}
