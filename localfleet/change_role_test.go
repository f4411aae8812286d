package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// grantsOf lists the authorization ids an identity holds on a resource.
func (f *testFleet) grantsOf(identityID, resourceID string) []string {
	f.t.Helper()
	resp, err := f.app.ListAuthorizations(ctx, &apppb.ListAuthorizationsRequest{OrganizationId: f.orgID, ResourceIds: []string{resourceID}})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, a := range resp.Authorizations {
		if a.IdentityId == identityID {
			out = append(out, a.AuthorizationId)
		}
	}
	return out
}

func TestChangeRole(t *testing.T) {
	f := demoFleet(t)
	lab := f.locationID("Lab")
	_, keyID := f.keyWith(f.auth("operator", "location", lab))
	with := func(a *apppb.Authorization) *apppb.Authorization { a.IdentityId = keyID; return a }
	change := func(c apppb.AppServiceClient, old, new *apppb.Authorization) error {
		_, err := c.ChangeRole(ctx, &apppb.ChangeRoleRequest{OldAuthorization: old, NewAuthorization: new})
		return err
	}
	if err := change(f.app, with(f.auth("operator", "location", lab)), with(f.auth("owner", "location", lab))); err != nil {
		t.Fatalf("ChangeRole: %v", err)
	}
	if got := f.grantsOf(keyID, lab); len(got) != 1 || got[0] != "location_owner" {
		t.Fatalf("grants after ChangeRole = %v", got)
	}

	robot := f.robot("Lab", "arm-testbench").Id
	if _, err := f.app.AddRole(ctx, &apppb.AddRoleRequest{Authorization: with(f.auth("owner", "robot", robot))}); err != nil {
		t.Fatal(err)
	}
	operator := f.orgKey("operator", f.orgID)
	tests := []struct {
		name     string
		caller   apppb.AppServiceClient
		old, new *apppb.Authorization
		code     codes.Code
		msg      string
	}{
		{"old not held", f.app, with(f.auth("operator", "location", lab)), with(f.auth("owner", "robot", robot)), codes.NotFound, "old_authorization"},
		{"new already held", f.app, with(f.auth("owner", "location", lab)), with(f.auth("owner", "robot", robot)), codes.AlreadyExists, "already holds"},
		{"missing old", f.app, nil, with(f.auth("owner", "robot", robot)), codes.InvalidArgument, "old_authorization"},
		{"bad new role", f.app, with(f.auth("owner", "location", lab)), with(f.auth("admin", "location", lab)), codes.InvalidArgument, "new_authorization.authorization_id"},
		{"unknown new identity", f.app, with(f.auth("owner", "location", lab)), f.auth("owner", "location", lab), codes.InvalidArgument, "new_authorization.identity_id"},
		{"unknown resource", f.app, with(f.auth("owner", "location", lab)), with(f.auth("owner", "location", unknownLocation)), codes.NotFound, "location"},
		{"operator", operator, with(f.auth("owner", "location", lab)), with(f.auth("operator", "location", lab)), codes.PermissionDenied, "write_location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, change(tt.caller, tt.old, tt.new), tt.code, tt.msg) })
	}
	// The refused changes changed nothing.
	if got := f.grantsOf(keyID, lab); len(got) != 1 || got[0] != "location_owner" {
		t.Fatalf("grants after refused changes = %v", got)
	}
}
