package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func locationOrgs(l *apppb.Location) map[string]bool {
	out := map[string]bool{}
	for _, o := range l.Organizations {
		out[o.OrganizationId] = o.Primary
	}
	return out
}

func TestShareLocation(t *testing.T) {
	f := demoFleet(t)
	other := f.ownedOrg("Partner").Id
	lab := f.locationID("Lab")
	if _, err := f.app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: lab, OrganizationId: other}); err != nil {
		t.Fatalf("ShareLocation: %v", err)
	}
	got, err := f.app.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: lab})
	if orgs := locationOrgs(got.GetLocation()); err != nil || len(orgs) != 2 || !orgs[f.orgID] || orgs[other] {
		t.Fatalf("GetLocation organizations = %v, %v", got.GetLocation().GetOrganizations(), err)
	}

	// The partner organization lists it, and its operators see its machines.
	list, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: other})
	if err != nil || len(list.Locations) != 1 || list.Locations[0].Id != lab {
		t.Fatalf("partner ListLocations = %v, %v", list, err)
	}
	partnerOp := f.orgKey("operator", other)
	robots, err := partnerOp.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: lab})
	if err != nil || len(robots.Robots) != 3 {
		t.Fatalf("partner operator ListRobots = %v, %v", robots, err)
	}
	// ... but may not share it further; a partner owner may.
	third := f.ownedOrg("Third").Id
	_, err = partnerOp.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: lab, OrganizationId: third})
	wantCode(t, err, codes.PermissionDenied, "write_location")
	partnerOwner := f.orgKey("owner", other)
	if _, err := partnerOwner.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: lab, OrganizationId: third}); err != nil {
		t.Fatalf("partner owner ShareLocation: %v", err)
	}
	// Only the owning organization deletes it.
	_, err = partnerOwner.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: lab})
	wantCode(t, err, codes.PermissionDenied, "write_location")

	if _, err := f.app.UnshareLocation(ctx, &apppb.UnshareLocationRequest{LocationId: lab, OrganizationId: other}); err != nil {
		t.Fatalf("UnshareLocation: %v", err)
	}
	list, err = f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: other})
	if err != nil || len(list.Locations) != 0 {
		t.Fatalf("partner ListLocations after unshare = %v, %v", list, err)
	}
	_, err = partnerOp.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: lab})
	wantCode(t, err, codes.PermissionDenied, "read_location")
}

func TestShareLocationCoversChildren(t *testing.T) {
	f := demoFleet(t)
	other := f.ownedOrg("Partner").Id
	if _, err := f.app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: f.locationID("Warehouse"), OrganizationId: other}); err != nil {
		t.Fatal(err)
	}
	list, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: other})
	if err != nil || len(list.Locations) != 3 {
		t.Fatalf("partner ListLocations = %v, %v", list, err)
	}
	for _, l := range list.Locations {
		if orgs := locationOrgs(l); !orgs[f.orgID] || len(orgs) != 2 {
			t.Errorf("%s organizations = %v", l.Name, l.Organizations)
		}
	}
}

func TestShareLocationErrors(t *testing.T) {
	f := demoFleet(t)
	other := f.ownedOrg("Partner").Id
	lab := f.locationID("Lab")
	if _, err := f.app.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: lab, OrganizationId: other}); err != nil {
		t.Fatal(err)
	}
	share := func(c apppb.AppServiceClient, loc, org string) func() error {
		return func() error {
			_, err := c.ShareLocation(ctx, &apppb.ShareLocationRequest{LocationId: loc, OrganizationId: org})
			return err
		}
	}
	unshare := func(loc, org string) func() error {
		return func() error {
			_, err := f.app.UnshareLocation(ctx, &apppb.UnshareLocationRequest{LocationId: loc, OrganizationId: org})
			return err
		}
	}
	operator := f.orgKey("operator", f.orgID)
	stranger, _ := f.keyWith(f.auth("owner", "location", f.locationID("Field Site")))
	tests := []errorCase{
		{"malformed location", share(f.app, "Lab!", other), codes.InvalidArgument, "location_id"},
		{"unknown location", share(f.app, unknownLocation, other), codes.NotFound, "location"},
		{"empty organization", share(f.app, lab, ""), codes.InvalidArgument, "organization_id"},
		{"unknown organization", share(f.app, lab, unknownUUID), codes.NotFound, "organization"},
		{"primary organization", share(f.app, lab, f.orgID), codes.FailedPrecondition, "primary organization"},
		{"shared twice", share(f.app, lab, other), codes.AlreadyExists, "already shared"},
		{"operator", share(operator, lab, other), codes.PermissionDenied, "write_location"},
		{"owner elsewhere", share(stranger, lab, other), codes.PermissionDenied, "write_location"},
		{"unshare not shared", unshare(f.locationID("Warehouse"), other), codes.NotFound, "share of location"},
		{"unshare primary", unshare(lab, f.orgID), codes.FailedPrecondition, "primary organization"},
	}
	runErrorCases(t, tests)
}
