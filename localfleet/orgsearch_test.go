package localfleet

import (
	"slices"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// twoOrgFleet is a fleet of two organizations whose test key owns only the
// first; ana is a member of both, bo of the second only.
func twoOrgFleet(t *testing.T) *testFleet {
	owner := []FixtureGrant{{Role: "owner", Resource: "organization"}}
	return openTestFleet(t, Options{Deterministic: true, Fixture: &Fixture{Organizations: []FixtureOrganization{
		{Name: "First Co", PublicNamespace: "first-co", Locations: []FixtureLocation{{Name: "HQ"}},
			Members: []FixtureMember{{Email: "ana@example.com", Grants: owner}}},
		{Name: "Second Co", Members: []FixtureMember{{Email: "ana@example.com", Grants: owner}, {Email: "bo@example.com", Grants: owner}}},
	}}})
}

// memberID looks a member up through ListOrganizationMembers.
func (f *testFleet) memberID(email string) string {
	f.t.Helper()
	resp, err := f.app.ListOrganizationMembers(ctx, &apppb.ListOrganizationMembersRequest{OrganizationId: f.orgID})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, m := range resp.Members {
		if slices.Contains(m.Emails, email) {
			return m.UserId
		}
	}
	f.t.Fatalf("no member %q", email)
	return ""
}

func TestGetUserIDByEmail(t *testing.T) {
	f := twoOrgFleet(t)
	ana := f.memberID("ana@example.com")
	locationOwner, _ := f.keyWith(f.auth("owner", "location", f.locationID("HQ")))
	tests := []struct {
		name   string
		client apppb.AppServiceClient
		email  string
		code   codes.Code
		msg    string
	}{
		{"member", f.app, "ana@example.com", codes.OK, ""},
		{"any case", f.app, "ANA@Example.com", codes.OK, ""},
		{"member of an organization the caller cannot read", f.app, "bo@example.com", codes.NotFound, "bo@example.com"},
		{"nobody", f.app, "nobody@example.com", codes.NotFound, "nobody@example.com"},
		{"not an email", f.app, "ana", codes.InvalidArgument, "email"},
		{"empty", f.app, "", codes.InvalidArgument, "email"},
		{"no organization grant", locationOwner, "ana@example.com", codes.PermissionDenied, "read_organization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := tt.client.GetUserIDByEmail(ctx, &apppb.GetUserIDByEmailRequest{Email: tt.email})
			if tt.code == codes.OK {
				if err != nil || resp.UserId != ana {
					t.Fatalf("got %v, %v; want %s", resp, err, ana)
				}
				return
			}
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestListOrganizationsByUser(t *testing.T) {
	f := twoOrgFleet(t)
	ana := f.memberID("ana@example.com")
	resp, err := f.app.ListOrganizationsByUser(ctx, &apppb.ListOrganizationsByUserRequest{UserId: ana})
	if err != nil {
		t.Fatal(err)
	}
	// Ana is in both organizations; the caller sees only the first.
	if len(resp.Orgs) != 1 || resp.Orgs[0].OrgId != f.orgID || resp.Orgs[0].OrgName != "First Co" || resp.Orgs[0].GetPublicNamespace() != "first-co" {
		t.Fatalf("ListOrganizationsByUser = %v", resp)
	}
	// An organization the caller owns but ana is not in adds nothing.
	third := f.ownedOrg("Third Co")
	resp, err = f.app.ListOrganizationsByUser(ctx, &apppb.ListOrganizationsByUserRequest{UserId: ana})
	if err != nil || len(resp.Orgs) != 1 || resp.Orgs[0].OrgId == third.Id {
		t.Fatalf("after creating an organization: %v, %v", resp, err)
	}

	locationOwner, _ := f.keyWith(f.auth("owner", "location", f.locationID("HQ")))
	byUser := func(c apppb.AppServiceClient, userID string) func() error {
		return func() error {
			_, err := c.ListOrganizationsByUser(ctx, &apppb.ListOrganizationsByUserRequest{UserId: userID})
			return err
		}
	}
	runErrorCases(t, []errorCase{
		{"unknown user", byUser(f.app, unknownUUID), codes.NotFound, unknownUUID},
		{"malformed", byUser(f.app, "ana"), codes.InvalidArgument, "user_id"},
		{"empty", byUser(f.app, ""), codes.InvalidArgument, "user_id"},
		{"no organization grant", byUser(locationOwner, ana), codes.PermissionDenied, "read_organization"},
	})
}

func TestSearchOrganizations(t *testing.T) {
	f := twoOrgFleet(t)
	scratch := f.ownedOrg("Scratch Labs")
	if _, err := f.app.UpdateOrganization(ctx, &apppb.UpdateOrganizationRequest{OrganizationId: scratch.Id, Cid: ptr("crm-7")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  *apppb.SearchOrganizationsRequest
		want []string // organization names, in creation order
	}{
		{"everything readable", &apppb.SearchOrganizationsRequest{}, []string{"First Co", "Scratch Labs"}},
		{"empty filters match all", &apppb.SearchOrganizationsRequest{OrgName: ptr(""), Cid: ptr("")}, []string{"First Co", "Scratch Labs"}},
		{"name substring, any case", &apppb.SearchOrganizationsRequest{OrgName: ptr("LABS")}, []string{"Scratch Labs"}},
		{"unreadable organization's name", &apppb.SearchOrganizationsRequest{OrgName: ptr("Second")}, nil},
		{"id", &apppb.SearchOrganizationsRequest{OrgId: ptr(f.orgID)}, []string{"First Co"}},
		{"namespace", &apppb.SearchOrganizationsRequest{PublicNamespace: ptr("first-co")}, []string{"First Co"}},
		{"cid", &apppb.SearchOrganizationsRequest{Cid: ptr("crm-7")}, []string{"Scratch Labs"}},
		{"filters combine", &apppb.SearchOrganizationsRequest{Cid: ptr("crm-7"), OrgName: ptr("First")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.app.SearchOrganizations(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range resp.Organizations {
				got = append(got, o.OrgName)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	_, err := f.app.SearchOrganizations(ctx, &apppb.SearchOrganizationsRequest{OrgId: ptr("x")})
	wantCode(t, err, codes.InvalidArgument, "org_id")
	locationOwner, _ := f.keyWith(f.auth("owner", "location", f.locationID("HQ")))
	_, err = locationOwner.SearchOrganizations(ctx, &apppb.SearchOrganizationsRequest{})
	wantCode(t, err, codes.PermissionDenied, "read_organization")
}

func TestGetOrganizationsWithAccessToLocation(t *testing.T) {
	f := demoFleet(t)
	aisle := f.locationID("Aisle 1")
	resp, err := f.app.GetOrganizationsWithAccessToLocation(ctx, &apppb.GetOrganizationsWithAccessToLocationRequest{LocationId: aisle})
	if err != nil || len(resp.OrganizationIdentities) != 1 || resp.OrganizationIdentities[0].Id != f.orgID ||
		resp.OrganizationIdentities[0].Name != "Demo Robotics" {
		t.Fatalf("GetOrganizationsWithAccessToLocation = %v, %v", resp, err)
	}
	warehouseOperator, _ := f.keyWith(f.auth("operator", "location", f.locationID("Warehouse")))
	if _, err := warehouseOperator.GetOrganizationsWithAccessToLocation(ctx, &apppb.GetOrganizationsWithAccessToLocationRequest{LocationId: aisle}); err != nil {
		t.Fatalf("an operator of the parent location: %v", err)
	}
	withAccess := func(c apppb.AppServiceClient, locationID string) func() error {
		return func() error {
			_, err := c.GetOrganizationsWithAccessToLocation(ctx, &apppb.GetOrganizationsWithAccessToLocationRequest{LocationId: locationID})
			return err
		}
	}
	runErrorCases(t, []errorCase{
		{"unknown", withAccess(f.app, unknownLocation), codes.NotFound, unknownLocation},
		{"malformed", withAccess(f.app, "Aisle 1"), codes.InvalidArgument, "location_id"},
		{"empty", withAccess(f.app, ""), codes.InvalidArgument, "location_id"},
		{"no grant there", withAccess(warehouseOperator, f.locationID("Lab")), codes.PermissionDenied, "read_location"},
	})
}
