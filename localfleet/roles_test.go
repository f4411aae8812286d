package localfleet

import (
	"slices"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestAddAndRemoveRole(t *testing.T) {
	f := demoFleet(t)
	arm := f.robot("Lab", "arm-testbench")
	client, keyID := f.keyWith(f.auth("operator", "robot", arm.Id))
	_, err := client.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: f.parts(arm.Id)[0].Id})
	wantCode(t, err, codes.PermissionDenied, "read_robot_logs")

	grantOwner := f.auth("owner", "location", f.locationID("Lab"))
	grantOwner.IdentityId, grantOwner.IdentityType = keyID, ""
	if _, err := f.app.AddRole(ctx, &apppb.AddRoleRequest{Authorization: grantOwner}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.AddRole(ctx, &apppb.AddRoleRequest{Authorization: grantOwner})
	wantCode(t, err, codes.AlreadyExists, "already holds")
	if _, err := client.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: f.parts(arm.Id)[0].Id}); err != nil {
		t.Fatalf("after AddRole the key should read logs: %v", err)
	}
	auths, err := f.app.ListAuthorizations(ctx, &apppb.ListAuthorizationsRequest{OrganizationId: f.orgID, ResourceIds: []string{f.locationID("Lab")}})
	if err != nil || !slices.ContainsFunc(auths.Authorizations, func(a *apppb.Authorization) bool {
		return a.IdentityId == keyID && a.AuthorizationId == "location_owner" && a.IdentityType == "api-key"
	}) {
		t.Fatalf("ListAuthorizations = %v, %v", auths, err)
	}
	for _, a := range auths.Authorizations {
		if a.ResourceId != f.locationID("Lab") {
			t.Fatalf("resource_ids filter let %v through", a)
		}
	}
	if _, err := f.app.RemoveRole(ctx, &apppb.RemoveRoleRequest{Authorization: grantOwner}); err != nil {
		t.Fatal(err)
	}
	_, err = client.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: f.parts(arm.Id)[0].Id})
	wantCode(t, err, codes.PermissionDenied, "read_robot_logs")
	_, err = f.app.RemoveRole(ctx, &apppb.RemoveRoleRequest{Authorization: grantOwner})
	wantCode(t, err, codes.NotFound, "authorization")

	withID := func(a *apppb.Authorization, id string) *apppb.Authorization { a.IdentityId = id; return a }
	errs := []struct {
		name string
		auth *apppb.Authorization
		code codes.Code
		msg  string
	}{
		{"missing", nil, codes.InvalidArgument, "authorization"},
		{"bad role", withID(&apppb.Authorization{AuthorizationType: "role", AuthorizationId: "robot_admin", ResourceType: "robot", ResourceId: arm.Id}, keyID), codes.InvalidArgument, "authorization_id"},
		{"bad resource type", withID(&apppb.Authorization{AuthorizationType: "role", AuthorizationId: "fleet_owner", ResourceType: "fleet", ResourceId: arm.Id}, keyID), codes.InvalidArgument, "resource_type"},
		{"bad type", withID(&apppb.Authorization{AuthorizationType: "acl", AuthorizationId: "robot_owner", ResourceType: "robot", ResourceId: arm.Id}, keyID), codes.InvalidArgument, "authorization_type"},
		{"unknown resource", withID(f.auth("owner", "robot", unknownUUID), keyID), codes.NotFound, "machine"},
		{"unknown identity", withID(f.auth("owner", "robot", arm.Id), unknownUUID), codes.NotFound, "member or API key"},
		{"no identity", f.auth("owner", "robot", arm.Id), codes.InvalidArgument, "identity_id"},
		{"wrong org", withID(&apppb.Authorization{AuthorizationType: "role", AuthorizationId: "robot_owner", ResourceType: "robot", ResourceId: arm.Id, OrganizationId: unknownUUID}, keyID), codes.InvalidArgument, "organization_id"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.AddRole(ctx, &apppb.AddRoleRequest{Authorization: tt.auth})
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestCheckPermissions(t *testing.T) {
	f := demoFleet(t)
	arm := f.robot("Lab", "arm-testbench")
	op, _ := f.keyWith(f.auth("operator", "location", f.locationID("Lab")))
	ask := []string{"read_robot", "control_robot", "read_robot_config", "read_robot_logs", "write_robot"}
	resp, err := op.CheckPermissions(ctx, &apppb.CheckPermissionsRequest{Permissions: []*apppb.AuthorizedPermissions{
		{ResourceType: "robot", ResourceId: arm.Id, Permissions: ask},
		{ResourceType: "organization", ResourceId: f.orgID, Permissions: []string{"read_organization", "write_organization"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.AuthorizedPermissions[0].Permissions; !slices.Equal(got, []string{"read_robot", "control_robot"}) {
		t.Fatalf("location operator on a machine holds %v", got)
	}
	if got := resp.AuthorizedPermissions[1].Permissions; len(got) != 0 {
		t.Fatalf("location operator on the organization holds %v", got)
	}
	resp, err = f.app.CheckPermissions(ctx, &apppb.CheckPermissionsRequest{Permissions: []*apppb.AuthorizedPermissions{
		{ResourceType: "robot", ResourceId: arm.Id, Permissions: ask},
	}})
	if err != nil || !slices.Equal(resp.AuthorizedPermissions[0].Permissions, ask) {
		t.Fatalf("owner holds %v, %v", resp, err)
	}

	_, err = f.app.CheckPermissions(ctx, &apppb.CheckPermissionsRequest{})
	wantCode(t, err, codes.InvalidArgument, "permissions")
	_, err = f.app.CheckPermissions(ctx, &apppb.CheckPermissionsRequest{Permissions: []*apppb.AuthorizedPermissions{
		{ResourceType: "robot", ResourceId: arm.Id, Permissions: []string{"fly"}}}})
	wantCode(t, err, codes.InvalidArgument, `unknown permission "fly"`)
	_, err = f.app.CheckPermissions(ctx, &apppb.CheckPermissionsRequest{Permissions: []*apppb.AuthorizedPermissions{
		{ResourceType: "location", ResourceId: unknownLocation, Permissions: []string{"read_location"}}}})
	wantCode(t, err, codes.NotFound, "location")
}
