package localfleet

import (
	"fmt"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// TestRoleMatrix checks a representative call of each kind for every role
// (owner, operator, none) on every level (organization, location, machine).
// The machine is in "Warehouse/Aisle 2" and location grants are on
// "Warehouse", so location grants are also checked to cover child
// locations.
func TestRoleMatrix(t *testing.T) {
	f := demoFleet(t)
	robot := f.robot("Aisle 2", "picker-01")
	part := f.parts(robot.Id)[0]
	aisle := robot.Location
	levels := map[string]string{
		"organization": f.orgID,
		"location":     f.locationID("Warehouse"),
		"robot":        robot.Id,
	}
	// A key that owns another organization holds nothing here.
	other, err := f.app.CreateOrganization(ctx, &apppb.CreateOrganizationRequest{Name: "Elsewhere"})
	if err != nil {
		t.Fatal(err)
	}
	otherAuth := f.auth("owner", "organization", other.Organization.Id)
	otherAuth.OrganizationId = other.Organization.Id
	nobody, _ := f.keyWith(otherAuth)

	always := func(string) bool { return true }
	ownerAbove := func(levelsOK ...string) func(string) bool {
		return func(level string) bool {
			for _, l := range levelsOK {
				if l == level {
					return true
				}
			}
			return false
		}
	}
	never := func(string) bool { return false }
	type rule struct {
		owner, operator func(level string) bool
		perm            string
	}
	calls := []struct {
		name string
		rule rule
		call func(c apppb.AppServiceClient) error
	}{
		{"read machine", rule{always, always, "read_robot"}, func(c apppb.AppServiceClient) error {
			_, err := c.GetRobot(ctx, &apppb.GetRobotRequest{Id: robot.Id})
			return err
		}},
		{"read config", rule{always, never, "read_robot_config"}, func(c apppb.AppServiceClient) error {
			_, err := c.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: part.Id})
			return err
		}},
		{"read logs", rule{always, never, "read_robot_logs"}, func(c apppb.AppServiceClient) error {
			_, err := c.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: part.Id})
			return err
		}},
		{"read history", rule{always, never, "read_robot_history"}, func(c apppb.AppServiceClient) error {
			_, err := c.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: part.Id})
			return err
		}},
		{"read location secrets", rule{ownerAbove("organization", "location"), never, "read_location_secret"}, func(c apppb.AppServiceClient) error {
			_, err := c.LocationAuth(ctx, &apppb.LocationAuthRequest{LocationId: aisle})
			return err
		}},
		{"write machine", rule{always, never, "write_robot"}, func(c apppb.AppServiceClient) error {
			_, err := c.MarkPartForRestart(ctx, &apppb.MarkPartForRestartRequest{PartId: part.Id})
			return err
		}},
		{"write location", rule{ownerAbove("organization", "location"), never, "write_location"}, func(c apppb.AppServiceClient) error {
			_, err := c.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: aisle})
			return err
		}},
		{"read organization", rule{ownerAbove("organization"), ownerAbove("organization"), "read_organization"}, func(c apppb.AppServiceClient) error {
			_, err := c.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID})
			return err
		}},
		{"write organization", rule{ownerAbove("organization"), never, "write_fragment"}, func(c apppb.AppServiceClient) error {
			_, err := c.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID, Name: "matrix"})
			return err
		}},
	}
	for _, role := range []string{"owner", "operator", "none"} {
		for _, level := range []string{"organization", "location", "robot"} {
			client := nobody
			if role != "none" {
				client, _ = f.keyWith(f.auth(role, level, levels[level]))
			}
			for _, c := range calls {
				t.Run(fmt.Sprintf("%s/%s/%s", role, level, c.name), func(t *testing.T) {
					allowed := false
					switch role {
					case "owner":
						allowed = c.rule.owner(level)
					case "operator":
						allowed = c.rule.operator(level)
					}
					err := c.call(client)
					if allowed {
						if err != nil {
							t.Fatalf("want allowed, got %v", err)
						}
						return
					}
					wantCode(t, err, codes.PermissionDenied, fmt.Sprintf("%q", c.rule.perm))
				})
			}
		}
	}
}

// TestOperatorSeesPartsWithoutConfigOrSecrets: listing parts is allowed to
// operators (they need the main part to operate a machine), but configs and
// secrets are left out.
func TestOperatorSeesPartsWithoutConfigOrSecrets(t *testing.T) {
	f := demoFleet(t)
	robot := f.robot("Lab", "arm-testbench")
	op, _ := f.keyWith(f.auth("operator", "robot", robot.Id))
	resp, err := op.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: robot.Id})
	if err != nil {
		t.Fatal(err)
	}
	p := resp.Parts[0]
	if p.RobotConfig != nil || p.RobotConfigJson != nil || p.Secret != "" || len(p.Secrets) != 0 {
		t.Fatalf("operator sees config or secrets: %v", p)
	}
	if !p.MainPart || p.Fqdn == "" {
		t.Fatalf("operator should still see the part itself: %v", p)
	}
}
