package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func robotNames(rs []*apppb.Robot) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func TestGetRobotPartByNameAndLocation(t *testing.T) {
	f := demoFleet(t)
	aisle := f.locationID("Aisle 1")
	got, err := f.app.GetRobotPartByNameAndLocation(ctx, &apppb.GetRobotPartByNameAndLocationRequest{Name: "forklift-01-main", LocationId: aisle})
	if err != nil || got.Part.Name != "forklift-01-main" || got.Part.LocationId != aisle || got.Part.RobotConfig == nil || len(got.Part.Secrets) == 0 {
		t.Fatalf("GetRobotPartByNameAndLocation = %v, %v", got, err)
	}
	// Two machines with a part of the same name make the name ambiguous.
	for _, m := range []string{"twin-a", "twin-b"} {
		if _, err := f.app.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: f.newRobot(aisle, m), PartName: "camera"}); err != nil {
			t.Fatal(err)
		}
	}
	byName := func(c apppb.AppServiceClient, name, loc string) func() error {
		return func() error {
			_, err := c.GetRobotPartByNameAndLocation(ctx, &apppb.GetRobotPartByNameAndLocationRequest{Name: name, LocationId: loc})
			return err
		}
	}
	operator := f.orgKey("operator", f.orgID)
	robotOwner, _ := f.keyWith(f.auth("owner", "robot", f.robot("Lab", "arm-testbench").Id))
	tests := []errorCase{
		{"empty name", byName(f.app, "", aisle), codes.InvalidArgument, "name"},
		{"malformed location", byName(f.app, "x", "Aisle 1"), codes.InvalidArgument, "location_id"},
		{"unknown location", byName(f.app, "x", unknownLocation), codes.NotFound, "location"},
		{"not in this location", byName(f.app, "forklift-01-main", f.locationID("Warehouse")), codes.NotFound, "forklift-01-main"},
		{"ambiguous", byName(f.app, "camera", aisle), codes.FailedPrecondition, "more than one machine"},
		{"operator", byName(operator, "forklift-01-main", aisle), codes.PermissionDenied, "read_robot_config"},
		{"owner of another machine", byName(robotOwner, "nothing", aisle), codes.PermissionDenied, "read_location"},
	}
	runErrorCases(t, tests)
}

func TestGetRobotAPIKeys(t *testing.T) {
	f := demoFleet(t)
	robot := f.robot("Lab", "arm-testbench")
	_, keyID := f.keyWith(f.auth("owner", "robot", robot.Id), f.auth("operator", "location", f.locationID("Lab")))
	got, err := f.app.GetRobotAPIKeys(ctx, &apppb.GetRobotAPIKeysRequest{RobotId: robot.Id})
	if err != nil || len(got.ApiKeys) != 1 {
		t.Fatalf("GetRobotAPIKeys = %v, %v", got, err)
	}
	k := got.ApiKeys[0]
	if k.ApiKey.Id != keyID || k.ApiKey.Key != "" || len(k.Authorizations) != 2 || k.Authorizations[0].AuthorizationId != "robot_owner" {
		t.Fatalf("key = %v", k)
	}
	none, err := f.app.GetRobotAPIKeys(ctx, &apppb.GetRobotAPIKeysRequest{RobotId: f.robot("Lab", "rover-proto").Id})
	if err != nil || len(none.ApiKeys) != 0 {
		t.Fatalf("GetRobotAPIKeys of a machine without keys = %v, %v", none, err)
	}
	_, err = f.app.GetRobotAPIKeys(ctx, &apppb.GetRobotAPIKeysRequest{RobotId: "x"})
	wantCode(t, err, codes.InvalidArgument, "robot_id")
	_, err = f.app.GetRobotAPIKeys(ctx, &apppb.GetRobotAPIKeysRequest{RobotId: unknownUUID})
	wantCode(t, err, codes.NotFound, "machine")
	_, err = f.orgKey("operator", f.orgID).GetRobotAPIKeys(ctx, &apppb.GetRobotAPIKeysRequest{RobotId: robot.Id})
	wantCode(t, err, codes.PermissionDenied, "read_robot_secret")
}

func TestListRobotsForLocations(t *testing.T) {
	f := demoFleet(t)
	lab, field := f.locationID("Lab"), f.locationID("Field Site")
	got, err := f.app.ListRobotsForLocations(ctx, &apppb.ListRobotsForLocationsRequest{LocationIds: []string{field, lab, field}})
	want := []string{"survey-rover-01", "survey-rover-02", "arm-testbench", "new-rover", "rover-proto"}
	if err != nil || len(got.Robots) != len(want) {
		t.Fatalf("ListRobotsForLocations = %v, %v", got, err)
	}
	for i, name := range robotNames(got.Robots) {
		if name != want[i] {
			t.Fatalf("names = %v, want %v", robotNames(got.Robots), want)
		}
	}
	empty, err := f.app.ListRobotsForLocations(ctx, &apppb.ListRobotsForLocationsRequest{})
	if err != nil || len(empty.Robots) != 0 {
		t.Fatalf("no locations = %v, %v", empty, err)
	}
	_, err = f.app.ListRobotsForLocations(ctx, &apppb.ListRobotsForLocationsRequest{LocationIds: []string{lab, "bad"}})
	wantCode(t, err, codes.InvalidArgument, "location_ids[1]")
	_, err = f.app.ListRobotsForLocations(ctx, &apppb.ListRobotsForLocationsRequest{LocationIds: []string{unknownLocation}})
	wantCode(t, err, codes.NotFound, "location")
	// A machine grant shows that machine only.
	robot := f.robot("Lab", "rover-proto")
	one, _ := f.keyWith(f.auth("operator", "robot", robot.Id))
	got, err = one.ListRobotsForLocations(ctx, &apppb.ListRobotsForLocationsRequest{LocationIds: []string{lab}})
	if err != nil || len(got.Robots) != 1 || got.Robots[0].Id != robot.Id {
		t.Fatalf("machine operator ListRobotsForLocations = %v, %v", got, err)
	}
}

func TestListRobotsForOrg(t *testing.T) {
	f := demoFleet(t)
	got, err := f.app.ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{OrgId: f.orgID})
	if err != nil || len(got.Robots) != 12 {
		t.Fatalf("ListRobotsForOrg = %v, %v", robotNames(got.GetRobots()), err)
	}
	// A location operator sees that location's subtree only.
	op, _ := f.keyWith(f.auth("operator", "location", f.locationID("Aisle 2")))
	got, err = op.ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{OrgId: f.orgID})
	if err != nil || len(got.Robots) != 2 {
		t.Fatalf("location operator ListRobotsForOrg = %v, %v", robotNames(got.GetRobots()), err)
	}
	// A partner organization lists the machines of a location shared into it.
	other := f.ownedOrg("Partner").Id
	if _, err := f.app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: f.locationID("Field Site"), OrganizationId: other}); err != nil {
		t.Fatal(err)
	}
	got, err = f.orgKey("operator", other).ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{OrgId: other})
	if err != nil || len(got.Robots) != 2 {
		t.Fatalf("partner ListRobotsForOrg = %v, %v", robotNames(got.GetRobots()), err)
	}
	_, err = f.app.ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{})
	wantCode(t, err, codes.InvalidArgument, "org_id")
	_, err = f.app.ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{OrgId: unknownUUID})
	wantCode(t, err, codes.NotFound, "organization")
	third := f.ownedOrg("Third").Id
	_, err = op.ListRobotsForOrg(ctx, &apppb.ListRobotsForOrgRequest{OrgId: third})
	wantCode(t, err, codes.PermissionDenied, "read_location")
}
