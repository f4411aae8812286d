package protoval

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"go.starlark.net/lib/json"
	"go.starlark.net/starlark"
	pb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const benchRobots = 10_000

// robotsWire is a ListRobotsResponse of n robots in wire form, shaped like
// a real fleet's.
func robotsWire(tb testing.TB, n int) []byte {
	tb.Helper()
	resp := &pb.ListRobotsResponse{Robots: make([]*pb.Robot, n)}
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i := range resp.Robots {
		resp.Robots[i] = &pb.Robot{
			Id:                 fmt.Sprintf("%08x-1f2e-4d3c-9b8a-%012x", i, i*7919),
			Name:               fmt.Sprintf("rover-%d", i),
			Location:           "a1b2c3d4e5",
			LastAccess:         timestamppb.New(base.Add(time.Duration(i) * time.Second)),
			CreatedOn:          timestamppb.New(base.Add(-time.Duration(i) * time.Hour)),
			OnlineState:        pb.OnlineState(i%3 + 1),
			SecondsSinceOnline: int64(i),
		}
	}
	wire, err := proto.Marshal(resp)
	if err != nil {
		tb.Fatal(err)
	}
	return wire
}

func unmarshalRobots(tb testing.TB, wire []byte) *pb.ListRobotsResponse {
	resp := new(pb.ListRobotsResponse)
	if err := proto.Unmarshal(wire, resp); err != nil {
		tb.Fatal(err)
	}
	return resp
}

// robotsLoop reads two fields of every robot, as a script would.
const robotsLoop = `
named = 0
online = 0
for r in resp.robots:
    if r.name:
        named += 1
    if r.online_state == "ONLINE_STATE_ONLINE":
        online += 1
`

func runRobotsLoop(tb testing.TB, resp proto.Message) starlark.StringDict {
	globals, err := execScript(robotsLoop, starlark.StringDict{"resp": NewMessage(resp)})
	if err != nil {
		tb.Fatal(err)
	}
	if got := globals["online"].(starlark.Int); got.String() != fmt.Sprint((benchRobots+2)/3) {
		tb.Fatalf("online = %s", got)
	}
	return globals
}

// BenchmarkRobotsLoop measures a Starlark loop over 10,000 robots against
// proto.Unmarshal of the same robots, the floor any client pays; the
// loop/unmarshal metric is the ratio (target: at most 1).
func BenchmarkRobotsLoop(b *testing.B) {
	wire := robotsWire(b, benchRobots)
	var unmarshal, loop time.Duration
	for b.Loop() {
		start := time.Now()
		resp := unmarshalRobots(b, wire)
		mid := time.Now()
		runRobotsLoop(b, resp)
		end := time.Now()
		unmarshal += mid.Sub(start)
		loop += end.Sub(mid)
	}
	b.ReportMetric(float64(unmarshal.Nanoseconds())/float64(b.N), "unmarshal-ns/op")
	b.ReportMetric(float64(loop.Nanoseconds())/float64(b.N), "loop-ns/op")
	b.ReportMetric(float64(loop)/float64(unmarshal), "loop/unmarshal")
}

// BenchmarkRobotsRetained measures the heap a 10,000-robot result holds
// after a script looped over it (kept alive in the script's globals, with
// the list itself in a global), against the heap of the proto alone; the
// held/proto metric is the ratio (target: at most 1.5).
func BenchmarkRobotsRetained(b *testing.B) {
	wire := robotsWire(b, benchRobots)
	var protoBytes, heldBytes uint64
	for b.Loop() {
		base := heapInUse()
		resp := unmarshalRobots(b, wire)
		protoBytes += heapInUse() - base
		globals, err := execScript(robotsLoop+"robots = resp.robots\n", starlark.StringDict{"resp": NewMessage(resp)})
		if err != nil {
			b.Fatal(err)
		}
		heldBytes += heapInUse() - base
		runtime.KeepAlive(globals)
		runtime.KeepAlive(resp)
	}
	b.ReportMetric(float64(protoBytes)/float64(b.N), "proto-B")
	b.ReportMetric(float64(heldBytes)/float64(b.N), "held-B")
	b.ReportMetric(float64(heldBytes)/float64(protoBytes), "held/proto")
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkRobotsJSON measures json.encode of a 10,000-robot result (the
// response message, and its robots list as a call that returns a list
// gives it), with protojson.Marshal of the same message for scale
// (json/protojson).
func BenchmarkRobotsJSON(b *testing.B) {
	resp := unmarshalRobots(b, robotsWire(b, benchRobots))
	b.Run("message", func(b *testing.B) { benchmarkJSON(b, resp, NewMessage(resp)) })
	robots, err := NewMessage(resp).Attr("robots")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("list", func(b *testing.B) { benchmarkJSON(b, resp, robots) })
	// MarshalJSON alone: our share of json.encode (the rest is lib/json
	// copying the bytes into its buffer and then into a string).
	b.Run("marshal-only", func(b *testing.B) {
		value := NewMessage(resp)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := value.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchmarkJSON(b *testing.B, resp proto.Message, value starlark.Value) {
	encode := json.Module.Members["encode"]
	thread := &starlark.Thread{Name: "bench"}
	var protojsonTime time.Duration
	var encoded int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := starlark.Call(thread, encode, starlark.Tuple{value}, nil)
		if err != nil {
			b.Fatal(err)
		}
		encoded = len(out.(starlark.String))
	}
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := protojson.Marshal(resp); err != nil {
			b.Fatal(err)
		}
		protojsonTime += time.Since(start)
	}
	b.ReportMetric(float64(encoded), "json-bytes")
	b.ReportMetric(float64(b.Elapsed())/float64(protojsonTime), "json/protojson")
}

// BenchmarkFromStarlark measures building a request from a Starlark list
// of 1,000 dicts (a bulk authorization change), per request.
func BenchmarkFromStarlark(b *testing.B) {
	globals, err := execScript(`
auths = [{"authorization_type": "role", "authorization_id": "operator", "resource_type": "robot",
          "resource_id": "r%d" % i, "identity_id": "user-%d" % i, "organization_id": "org"} for i in range(1000)]
`, nil)
	if err != nil {
		b.Fatal(err)
	}
	auths := globals["auths"]
	b.ReportAllocs()
	for b.Loop() {
		req := &pb.UpdateOrganizationInviteAuthorizationsRequest{}
		if err := SetField(req.ProtoReflect(), fieldOf(req, "add_authorizations"), auths, ""); err != nil {
			b.Fatal(err)
		}
	}
}
