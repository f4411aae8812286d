package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

func TestRobotLifecycle(t *testing.T) {
	f := demoFleet(t)
	lab, field := f.locationID("Lab"), f.locationID("Field Site")
	id := f.newRobot(lab, "Mower 7")
	got, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	r := got.Robot
	if r.Name != "Mower 7" || r.Location != lab || r.OnlineState != apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP || r.CreatedOn == nil {
		t.Fatalf("GetRobot = %v", r)
	}
	parts := f.parts(id)
	if len(parts) != 1 || parts[0].Name != "Mower 7-main" || !parts[0].MainPart {
		t.Fatalf("new machine parts = %v", parts)
	}
	if c := parts[0].RobotConfig; c == nil || len(c.Fields) != 0 {
		t.Fatalf("a new part's config = %v, want an empty config", c)
	}
	if p := parts[0]; p.Fqdn != "mower-7-main."+lab+".viam.cloud" || p.LocalFqdn != "mower-7-main."+lab+".local.viam.cloud" || p.DnsName != "mower-7-main" {
		t.Fatalf("part names: dns %q fqdn %q local %q", p.DnsName, p.Fqdn, p.LocalFqdn)
	}

	upd, err := f.app.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: id, Name: "mower-7", Location: field})
	if err != nil || upd.Robot.Name != "mower-7" || upd.Robot.Location != field {
		t.Fatalf("UpdateRobot = %v, %v", upd, err)
	}
	// Parts follow the machine to its new location.
	if p := f.parts(id)[0]; p.LocationId != field {
		t.Fatalf("part location after move = %q", p.LocationId)
	}

	if _, err := f.app.DeleteRobot(ctx, &apppb.DeleteRobotRequest{Id: id}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: id})
	wantCode(t, err, codes.NotFound, `machine "`+id+`" not found`)
	_, err = f.app.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: parts[0].Id})
	wantCode(t, err, codes.NotFound, "part")
}

func TestListRobots(t *testing.T) {
	f := demoFleet(t)
	resp, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: f.locationID("Lab")})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]apppb.OnlineState{}
	var names []string
	for _, r := range resp.Robots {
		names = append(names, r.Name)
		states[r.Name] = r.OnlineState
	}
	if len(names) != 3 || names[0] != "arm-testbench" || names[2] != "rover-proto" {
		t.Fatalf("ListRobots names = %v (want sorted by name)", names)
	}
	want := map[string]apppb.OnlineState{
		"arm-testbench": apppb.OnlineState_ONLINE_STATE_ONLINE,
		"new-rover":     apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP,
		"rover-proto":   apppb.OnlineState_ONLINE_STATE_OFFLINE,
	}
	for n, s := range want {
		if states[n] != s {
			t.Errorf("%s: state %v, want %v", n, states[n], s)
		}
	}
	for _, r := range resp.Robots {
		if r.Name == "rover-proto" && r.SecondsSinceOnline < 122*3600 {
			t.Errorf("rover-proto seconds_since_online = %d, want at least 122h", r.SecondsSinceOnline)
		}
		// The listing is assembled from cached encodings: it must decode to
		// what GetRobot returns (seconds_since_online aside, which moves).
		got, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: r.Id})
		if err != nil {
			t.Fatal(err)
		}
		got.Robot.SecondsSinceOnline = r.SecondsSinceOnline
		if !proto.Equal(got.Robot, r) {
			t.Errorf("ListRobots entry %v differs from GetRobot %v", r, got.Robot)
		}
	}
	// A machine-level grant sees only its machine in the listing.
	arm := f.robot("Lab", "arm-testbench")
	scoped, _ := f.keyWith(f.auth("operator", "robot", arm.Id))
	resp, err = scoped.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: f.locationID("Lab")})
	if err != nil || len(resp.Robots) != 1 || resp.Robots[0].Id != arm.Id {
		t.Fatalf("robot-scoped ListRobots = %v, %v", resp, err)
	}
}

func TestRobotErrors(t *testing.T) {
	f := demoFleet(t)
	lab := f.locationID("Lab")
	arm := f.robot("Lab", "arm-testbench")
	otherLoc := f.newLocation(f.ownedOrg("Other").Id, "X")
	tests := []errorCase{
		{"get empty", func() error { _, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{}); return err }, codes.InvalidArgument, "id: a machine id is required"},
		{"get malformed", func() error { _, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: "abc"}); return err }, codes.InvalidArgument, `"abc" is not a valid machine id`},
		{"get unknown", func() error { _, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: unknownUUID}); return err }, codes.NotFound, "machine"},
		{"list no location", func() error { _, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{}); return err }, codes.InvalidArgument, "location_id"},
		{"list unknown location", func() error {
			_, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: unknownLocation})
			return err
		}, codes.NotFound, "location"},
		{"new empty name", func() error { _, err := f.app.NewRobot(ctx, &apppb.NewRobotRequest{Location: lab}); return err }, codes.InvalidArgument, "name"},
		{"new no location", func() error { _, err := f.app.NewRobot(ctx, &apppb.NewRobotRequest{Name: "x"}); return err }, codes.InvalidArgument, "location"},
		{"new duplicate", func() error {
			_, err := f.app.NewRobot(ctx, &apppb.NewRobotRequest{Name: "arm-testbench", Location: lab})
			return err
		}, codes.AlreadyExists, "arm-testbench"},
		{"update no location", func() error {
			_, err := f.app.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Name: "x"})
			return err
		}, codes.InvalidArgument, "location"},
		{"update no name", func() error {
			_, err := f.app.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Location: lab})
			return err
		}, codes.InvalidArgument, "name"},
		{"update to taken name", func() error {
			_, err := f.app.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Name: "new-rover", Location: lab})
			return err
		}, codes.AlreadyExists, "new-rover"},
		{"update to other org", func() error {
			_, err := f.app.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: arm.Id, Name: "x", Location: otherLoc})
			return err
		}, codes.InvalidArgument, "another organization"},
		{"delete unknown", func() error { _, err := f.app.DeleteRobot(ctx, &apppb.DeleteRobotRequest{Id: unknownUUID}); return err }, codes.NotFound, "machine"},
	}
	runErrorCases(t, tests)
}
