package localfleet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
)

func TestDemoFixtureContent(t *testing.T) {
	f := demoFleet(t)
	locs, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	machines, parts, logs := 0, 0, 0
	states := map[apppb.OnlineState]int{}
	levels := map[string]int{}
	for _, l := range locs.Locations {
		robots, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: l.Id})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range robots.Robots {
			machines++
			states[r.OnlineState]++
			ps := f.parts(r.Id)
			if len(ps) < 1 || len(ps) > 2 {
				t.Errorf("%s has %d parts", r.Name, len(ps))
			}
			for _, p := range ps {
				parts++
				resp, err := f.app.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: p.Id})
				if err != nil {
					t.Fatal(err)
				}
				logs += len(resp.Logs)
				for _, e := range resp.Logs {
					levels[e.Level]++
					if e.LoggerName == "" || e.Caller.GetFields()["File"].GetStringValue() == "" {
						t.Fatalf("log line without logger or caller: %v", e)
					}
					if e.Time == nil || e.Time.AsTime().Before(fakeEpoch.Add(-24*time.Hour)) || e.Time.AsTime().After(fakeEpoch.Add(time.Hour)) {
						t.Fatalf("log line time %v is not around the fleet's clock", e.GetTime())
					}
				}
			}
		}
	}
	if machines != 12 || parts < 14 || logs < 250 {
		t.Errorf("demo has %d machines, %d parts, %d log lines", machines, parts, logs)
	}
	for _, s := range []apppb.OnlineState{apppb.OnlineState_ONLINE_STATE_ONLINE, apppb.OnlineState_ONLINE_STATE_OFFLINE, apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP} {
		if states[s] == 0 {
			t.Errorf("no machine is %v", s)
		}
	}
	for _, l := range []string{"debug", "info", "warn", "error"} {
		if levels[l] == 0 {
			t.Errorf("no %s log lines", l)
		}
	}
}

// snapshot reads much of a fleet through the API, as bytes.
func snapshot(t *testing.T, f *testFleet) []byte {
	t.Helper()
	var out []byte
	add := func(m proto.Message, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	id := f.newRobot(f.locationID("Lab"), "fresh")
	add(f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: id}))
	locs, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	add(locs, err)
	for _, l := range locs.Locations {
		robots, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: l.Id})
		add(robots, err)
		for _, r := range robots.Robots {
			parts, err := f.app.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: r.Id})
			add(parts, err)
			add(f.app.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: parts.Parts[0].Id}))
		}
	}
	add(f.app.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID}))
	add(f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID}))
	add(f.app.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID}))
	add(f.app.ListModules(ctx, &apppb.ListModulesRequest{OrganizationId: &f.orgID}))
	return out
}

func TestDeterministicRunsAreIdentical(t *testing.T) {
	a := snapshot(t, demoFleet(t))
	b := snapshot(t, demoFleet(t))
	if string(a) != string(b) {
		t.Fatal("two deterministic runs with the same seed differ")
	}
	c := snapshot(t, openTestFleet(t, Options{Fixture: DemoFixture(), Deterministic: true, Seed: 2}))
	if string(a) == string(c) {
		t.Fatal("a different seed gave the same ids")
	}
}

func TestBuiltinFixtures(t *testing.T) {
	for _, name := range []string{"demo", "empty"} {
		if f, ok := BuiltinFixture(name); !ok || len(f.Organizations) == 0 {
			t.Errorf("BuiltinFixture(%q) = %v, %v", name, f, ok)
		}
	}
	if _, ok := BuiltinFixture("nope"); ok {
		t.Error("BuiltinFixture(nope) found something")
	}
	a, b := DemoFixture(), DemoFixture()
	a.Organizations[0].Name = "changed"
	if b.Organizations[0].Name == "changed" {
		t.Error("DemoFixture returns a shared value")
	}
	f := openTestFleet(t, Options{Fixture: mustFixture(t, "empty")})
	robots, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: f.locationID("Main Location")})
	if err != nil || len(robots.Robots) != 0 {
		t.Fatalf("empty fixture machines = %v, %v", robots, err)
	}
}

func TestLoadFixture(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"organizations": [{"name": "Acme", "locations": [{"name": "Yard", "machines": [
		{"name": "crane", "parts": [{"name": "crane-main", "state": "online", "last_seen": "1m",
		  "logs": [{"level": "warn", "message": "wind", "ago": "30s"}]}]}]}],
		"api_keys": [{"name": "yard-op", "grants": [{"role": "operator", "resource": "robot", "name": "crane"}]}]}]}`)
	fx, err := LoadFixture(good)
	if err != nil {
		t.Fatal(err)
	}
	f := openTestFleet(t, Options{Fixture: fx})
	crane := f.robot("Yard", "crane")
	if crane.OnlineState != apppb.OnlineState_ONLINE_STATE_ONLINE {
		t.Fatalf("crane = %v", crane)
	}
	logs, err := f.app.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: f.parts(crane.Id)[0].Id})
	if err != nil || len(logs.Logs) != 1 || logs.Logs[0].Message != "wind" {
		t.Fatalf("crane logs = %v, %v", logs, err)
	}

	bad := []struct{ name, body, msg string }{
		{"syntax", `{"organizations": [`, "unexpected EOF"},
		{"unknown field", `{"organisations": []}`, "unknown field"},
		{"no orgs", `{"organizations": []}`, "at least one"},
		{"empty org name", `{"organizations": [{"name": ""}]}`, "organizations[0].name"},
		{"bad state", `{"organizations": [{"name": "A", "locations": [{"name": "L", "machines": [{"name": "m", "parts": [{"name": "p", "state": "asleep"}]}]}]}]}`, "state"},
		{"bad duration", `{"organizations": [{"name": "A", "locations": [{"name": "L", "machines": [{"name": "m", "parts": [{"name": "p", "last_seen": "soon"}]}]}]}]}`, "duration"},
		{"slash in location", `{"organizations": [{"name": "A", "locations": [{"name": "a/b"}]}]}`, `"/"`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFixture(write(tt.name+".json", tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("LoadFixture = %v, want an error containing %q", err, tt.msg)
			}
		})
	}
	if _, err := LoadFixture(filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("LoadFixture of a missing file succeeded")
	}
	// Grants must name things that exist; the error surfaces at Open.
	dangling, err := LoadFixture(write("dangling.json", `{"organizations": [{"name": "A", "api_keys": [{"name": "k", "grants": [{"role": "owner", "resource": "robot", "name": "ghost"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, Options{Fixture: dangling}); err == nil || !strings.Contains(err.Error(), "ghost") {
		t.Fatalf("Open with a dangling grant = %v", err)
	}
}
