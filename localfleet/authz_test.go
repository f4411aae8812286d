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
	nobody := f.orgKey("owner", f.ownedOrg("Elsewhere").Id)

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

// TestOrganizationOperatorCannotWriteOrReadSecrets sweeps every RPC that
// writes or reads configs, logs, history, secrets or keys: an organization
// operator is refused each with PermissionDenied, and nothing changes.
func TestOrganizationOperatorCannotWriteOrReadSecrets(t *testing.T) {
	f := demoFleet(t)
	op, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	robot := f.robot("Lab", "arm-testbench")
	part := f.parts(robot.Id)[0]
	lab := robot.Location
	frag, err := f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := f.app.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	members, err := f.app.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	fragID, keyID, userID, email := frag.Fragments[0].Id, keys.ApiKeys[0].ApiKey.Id, members.Members[0].UserId, members.Invites[0].Email
	withIdentity := func(a *apppb.Authorization) *apppb.Authorization { a.IdentityId = keyID; return a }
	calls := map[string]func() error{
		"CreateLocation": func() error {
			_, err := op.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "x"})
			return err
		},
		"UpdateLocation": func() error {
			_, err := op.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: lab, Name: ptr("x")})
			return err
		},
		"DeleteLocation": func() error {
			_, err := op.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: lab})
			return err
		},
		"LocationAuth": func() error { _, err := op.LocationAuth(ctx, &apppb.LocationAuthRequest{LocationId: lab}); return err },
		"CreateLocationSecret": func() error {
			_, err := op.CreateLocationSecret(ctx, &apppb.CreateLocationSecretRequest{LocationId: lab})
			return err
		},
		"DeleteLocationSecret": func() error {
			_, err := op.DeleteLocationSecret(ctx, &apppb.DeleteLocationSecretRequest{LocationId: lab, SecretId: unknownUUID})
			return err
		},
		"NewRobot": func() error { _, err := op.NewRobot(ctx, &apppb.NewRobotRequest{Name: "x", Location: lab}); return err },
		"UpdateRobot": func() error {
			_, err := op.UpdateRobot(ctx, &apppb.UpdateRobotRequest{Id: robot.Id, Name: "x", Location: lab})
			return err
		},
		"DeleteRobot":  func() error { _, err := op.DeleteRobot(ctx, &apppb.DeleteRobotRequest{Id: robot.Id}); return err },
		"GetRobotPart": func() error { _, err := op.GetRobotPart(ctx, &apppb.GetRobotPartRequest{Id: part.Id}); return err },
		"GetRobotPartLogs": func() error {
			_, err := op.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: part.Id})
			return err
		},
		"GetRobotPartHistory": func() error {
			_, err := op.GetRobotPartHistory(ctx, &apppb.GetRobotPartHistoryRequest{Id: part.Id})
			return err
		},
		"TailRobotPartLogs": func() error {
			s, err := op.TailRobotPartLogs(ctx, &apppb.TailRobotPartLogsRequest{Id: part.Id})
			if err == nil {
				_, err = s.Recv()
			}
			return err
		},
		"UpdateRobotPart": func() error {
			_, err := op.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: part.Id, Name: "x"})
			return err
		},
		"NewRobotPart": func() error {
			_, err := op.NewRobotPart(ctx, &apppb.NewRobotPartRequest{RobotId: robot.Id, PartName: "x"})
			return err
		},
		"DeleteRobotPart": func() error {
			_, err := op.DeleteRobotPart(ctx, &apppb.DeleteRobotPartRequest{PartId: part.Id})
			return err
		},
		"MarkPartAsMain": func() error {
			_, err := op.MarkPartAsMain(ctx, &apppb.MarkPartAsMainRequest{PartId: part.Id})
			return err
		},
		"MarkPartForRestart": func() error {
			_, err := op.MarkPartForRestart(ctx, &apppb.MarkPartForRestartRequest{PartId: part.Id})
			return err
		},
		"CreateRobotPartSecret": func() error {
			_, err := op.CreateRobotPartSecret(ctx, &apppb.CreateRobotPartSecretRequest{PartId: part.Id})
			return err
		},
		"DeleteRobotPartSecret": func() error {
			_, err := op.DeleteRobotPartSecret(ctx, &apppb.DeleteRobotPartSecretRequest{PartId: part.Id, SecretId: unknownUUID})
			return err
		},
		"ListFragments": func() error {
			_, err := op.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID})
			return err
		},
		"CreateFragment": func() error {
			_, err := op.CreateFragment(ctx, &apppb.CreateFragmentRequest{OrganizationId: f.orgID, Name: "x"})
			return err
		},
		"UpdateFragment": func() error {
			_, err := op.UpdateFragment(ctx, &apppb.UpdateFragmentRequest{Id: fragID, Name: "x"})
			return err
		},
		"DeleteFragment": func() error { _, err := op.DeleteFragment(ctx, &apppb.DeleteFragmentRequest{Id: fragID}); return err },
		"AddRole": func() error {
			_, err := op.AddRole(ctx, &apppb.AddRoleRequest{Authorization: withIdentity(f.auth("owner", "location", lab))})
			return err
		},
		"RemoveRole": func() error {
			_, err := op.RemoveRole(ctx, &apppb.RemoveRoleRequest{Authorization: withIdentity(f.auth("owner", "organization", f.orgID))})
			return err
		},
		"CreateModule": func() error {
			_, err := op.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "x"})
			return err
		},
		"UpdateModule": func() error {
			_, err := op.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: "demo-robotics:pallet-detector", Visibility: apppb.Visibility_VISIBILITY_PRIVATE})
			return err
		},
		"UploadModuleFile": func() error {
			s, err := op.UploadModuleFile(ctx)
			if err != nil {
				return err
			}
			if err := s.Send(fileInfo("demo-robotics:pallet-detector", "9.9.9", "linux/amd64")); err == nil {
				_ = s.Send(&apppb.UploadModuleFileRequest{ModuleFile: &apppb.UploadModuleFileRequest_File{File: []byte("x")}})
			}
			_, err = s.CloseAndRecv()
			return err
		},
		"CreateOrganizationInvite": func() error {
			_, err := op.CreateOrganizationInvite(ctx, &apppb.CreateOrganizationInviteRequest{OrganizationId: f.orgID, Email: "x@example.com"})
			return err
		},
		"UpdateOrganizationInviteAuthorizations": func() error {
			_, err := op.UpdateOrganizationInviteAuthorizations(ctx, &apppb.UpdateOrganizationInviteAuthorizationsRequest{
				OrganizationId: f.orgID, Email: email, AddAuthorizations: []*apppb.Authorization{f.auth("owner", "location", lab)}})
			return err
		},
		"DeleteOrganizationInvite": func() error {
			_, err := op.DeleteOrganizationInvite(ctx, &apppb.DeleteOrganizationInviteRequest{OrganizationId: f.orgID, Email: email})
			return err
		},
		"ResendOrganizationInvite": func() error {
			_, err := op.ResendOrganizationInvite(ctx, &apppb.ResendOrganizationInviteRequest{OrganizationId: f.orgID, Email: email})
			return err
		},
		"DeleteOrganizationMember": func() error {
			_, err := op.DeleteOrganizationMember(ctx, &apppb.DeleteOrganizationMemberRequest{OrganizationId: f.orgID, UserId: userID})
			return err
		},
		"CreateKey": func() error {
			_, err := op.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: []*apppb.Authorization{f.auth("operator", "location", lab)}})
			return err
		},
		"CreateKeyFromExistingKeyAuthorizations": func() error {
			_, err := op.CreateKeyFromExistingKeyAuthorizations(ctx, &apppb.CreateKeyFromExistingKeyAuthorizationsRequest{Id: keyID})
			return err
		},
		"DeleteKey": func() error { _, err := op.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: keyID}); return err },
		"ListKeys":  func() error { _, err := op.ListKeys(ctx, &apppb.ListKeysRequest{OrgId: f.orgID}); return err },
	}
	before := dbFingerprint(t, f)
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { wantCode(t, call(), codes.PermissionDenied, "permission denied: missing") })
	}
	if after := dbFingerprint(t, f); after != before {
		t.Fatalf("refused calls changed the fleet:\nbefore %s\nafter  %s", before, after)
	}
	reads := map[string]func() error{
		"GetOrganization": func() error {
			_, err := op.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: f.orgID})
			return err
		},
		"ListLocations": func() error {
			_, err := op.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
			return err
		},
		"GetLocation": func() error { _, err := op.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: lab}); return err },
		"ListRobots":  func() error { _, err := op.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: lab}); return err },
		"GetRobot":    func() error { _, err := op.GetRobot(ctx, &apppb.GetRobotRequest{Id: robot.Id}); return err },
		"GetRobotParts": func() error {
			_, err := op.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: robot.Id})
			return err
		},
		"ListOrganizationMembers": func() error {
			_, err := op.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID})
			return err
		},
		"ListAuthorizations": func() error {
			_, err := op.ListAuthorizations(ctx, &apppb.ListAuthorizationsRequest{OrganizationId: f.orgID})
			return err
		},
		"GetModule": func() error {
			_, err := op.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: "demo-robotics:pallet-detector"})
			return err
		},
	}
	for name, call := range reads {
		t.Run("reads/"+name, func(t *testing.T) {
			if err := call(); err != nil {
				t.Fatalf("an organization operator should be allowed: %v", err)
			}
		})
	}
}

// dbFingerprint summarises the stored state: row counts and the names and
// flags a refused write could have changed.
func dbFingerprint(t *testing.T, f *testFleet) string {
	t.Helper()
	queries := []string{
		`SELECT group_concat(name || ':' || COALESCE(parent_id, ''), ',') FROM (SELECT name, parent_id FROM locations ORDER BY id)`,
		`SELECT group_concat(name || ':' || location_id, ',') FROM (SELECT name, location_id FROM robots ORDER BY id)`,
		`SELECT group_concat(name || ':' || main || ':' || restart_pending || ':' || last_updated, ',') FROM (SELECT * FROM parts ORDER BY id)`,
		`SELECT group_concat(name || ':' || revision, ',') FROM (SELECT name, revision FROM fragments ORDER BY id)`,
		`SELECT (SELECT COUNT(*) FROM location_secrets) || '/' || (SELECT COUNT(*) FROM part_secrets) || '/' ||
			(SELECT COUNT(*) FROM grants) || '/' || (SELECT COUNT(*) FROM api_keys) || '/' || (SELECT COUNT(*) FROM invites) || '/' ||
			(SELECT COUNT(*) FROM invite_grants) || '/' || (SELECT COUNT(*) FROM members) || '/' || (SELECT COUNT(*) FROM modules) || '/' ||
			(SELECT COUNT(*) FROM module_files) || '/' || (SELECT COUNT(*) FROM part_history)`,
	}
	var out string
	for _, q := range queries {
		var v string
		if err := f.srv.svc.db.QueryRow(q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out += v + "|"
	}
	return out
}
