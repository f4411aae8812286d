package localfleet

import (
	"context"
	"testing"

	apppb "go.viam.com/api/app/v1"
)

func TestSmoke(t *testing.T) {
	f := demoFleet(t)
	ctx := context.Background()
	locs, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	robots, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: locs.Locations[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := f.app.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: robots.Robots[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(locs, robots, parts)
}
