package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func ptr[T any](v T) *T { return &v }

func TestLocationLifecycle(t *testing.T) {
	f := demoFleet(t)
	top, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "Depot"})
	if err != nil {
		t.Fatal(err)
	}
	l := top.Location
	if !isLocationID(l.Id) || l.ParentLocationId != "" || l.PrimaryOrgIdentity.GetId() != f.orgID || len(l.Auth.GetSecrets()) != 1 {
		t.Fatalf("CreateLocation = %v", l)
	}
	child, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "Bay", ParentLocationId: ptr(l.Id)})
	if err != nil || child.Location.ParentLocationId != l.Id {
		t.Fatalf("CreateLocation child = %v, %v", child, err)
	}
	got, err := f.app.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: l.Id})
	if err != nil || got.Location.Name != "Depot" {
		t.Fatalf("GetLocation = %v, %v", got, err)
	}

	// Empty name keeps the name; a parent moves it.
	upd, err := f.app.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: child.Location.Id, ParentLocationId: ptr(f.locationID("Lab"))})
	if err != nil || upd.Location.Name != "Bay" || upd.Location.ParentLocationId != f.locationID("Lab") {
		t.Fatalf("UpdateLocation move = %v, %v", upd, err)
	}
	// Empty parent moves it to the top level; a name renames it.
	upd, err = f.app.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: child.Location.Id, Name: ptr("Bay 2"), ParentLocationId: ptr("")})
	if err != nil || upd.Location.Name != "Bay 2" || upd.Location.ParentLocationId != "" {
		t.Fatalf("UpdateLocation to top = %v, %v", upd, err)
	}

	// A location with machines or children cannot be deleted.
	f.newRobot(l.Id, "m1")
	_, err = f.app.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: l.Id})
	wantCode(t, err, codes.FailedPrecondition, "1 machine(s)")
	_, err = f.app.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: f.locationID("Warehouse")})
	wantCode(t, err, codes.FailedPrecondition, "2 child location(s)")

	if _, err := f.app.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: child.Location.Id}); err != nil {
		t.Fatalf("DeleteLocation: %v", err)
	}
	_, err = f.app.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: child.Location.Id})
	wantCode(t, err, codes.NotFound, "location")
}

func TestListLocations(t *testing.T) {
	f := demoFleet(t)
	resp, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	counts := map[string]int32{}
	for _, l := range resp.Locations {
		names = append(names, l.Name)
		counts[l.Name] = l.RobotCount
	}
	if len(names) != 5 || counts["Aisle 1"] != 3 || counts["Lab"] != 3 {
		t.Fatalf("ListLocations names %v counts %v", names, counts)
	}
	// A location grant sees the location and its children only, and no secrets as operator.
	op, _ := f.keyWith(f.auth("operator", "location", f.locationID("Warehouse")))
	resp, err = op.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	if err != nil || len(resp.Locations) != 3 {
		t.Fatalf("operator ListLocations = %v, %v", resp, err)
	}
	for _, l := range resp.Locations {
		if l.Auth != nil {
			t.Fatalf("operator sees secrets of %q", l.Name)
		}
	}
}

func TestLocationErrors(t *testing.T) {
	f := demoFleet(t)
	warehouse, aisle := f.locationID("Warehouse"), f.locationID("Aisle 1")
	otherLoc := f.newLocation(f.ownedOrg("Other").Id, "X")
	tests := []errorCase{
		{"create empty name", func() error {
			_, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID})
			return err
		}, codes.InvalidArgument, "name"},
		{"create unknown org", func() error {
			_, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: unknownUUID, Name: "x"})
			return err
		}, codes.NotFound, "organization"},
		{"create unknown parent", func() error {
			_, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "x", ParentLocationId: ptr(unknownLocation)})
			return err
		}, codes.NotFound, unknownLocation},
		{"create malformed parent", func() error {
			_, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "x", ParentLocationId: ptr("Nope!")})
			return err
		}, codes.InvalidArgument, "parent_location_id"},
		{"create parent of other org", func() error {
			_, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: f.orgID, Name: "x", ParentLocationId: ptr(otherLoc)})
			return err
		}, codes.InvalidArgument, "another organization"},
		{"get empty", func() error {
			_, err := f.app.GetLocation(ctx, &apppb.GetLocationRequest{})
			return err
		}, codes.InvalidArgument, "location_id"},
		{"get unknown", func() error {
			_, err := f.app.GetLocation(ctx, &apppb.GetLocationRequest{LocationId: unknownLocation})
			return err
		}, codes.NotFound, `location "zzzzzzzzzz" not found`},
		{"move under itself", func() error {
			_, err := f.app.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: warehouse, ParentLocationId: ptr(warehouse)})
			return err
		}, codes.FailedPrecondition, "own ancestor"},
		{"move under descendant", func() error {
			_, err := f.app.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: warehouse, ParentLocationId: ptr(aisle)})
			return err
		}, codes.FailedPrecondition, "own ancestor"},
		{"rename bad name", func() error {
			_, err := f.app.UpdateLocation(ctx, &apppb.UpdateLocationRequest{LocationId: warehouse, Name: ptr(" padded ")})
			return err
		}, codes.InvalidArgument, "spaces"},
		{"delete unknown", func() error {
			_, err := f.app.DeleteLocation(ctx, &apppb.DeleteLocationRequest{LocationId: unknownLocation})
			return err
		}, codes.NotFound, "location"},
		{"list unknown org", func() error {
			_, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: unknownUUID})
			return err
		}, codes.NotFound, "organization"},
	}
	runErrorCases(t, tests)
}

func TestLocationSecrets(t *testing.T) {
	f := demoFleet(t)
	lab := f.locationID("Lab")
	auth, err := f.app.LocationAuth(ctx, &apppb.LocationAuthRequest{LocationId: lab})
	if err != nil || len(auth.Auth.Secrets) != 1 || auth.Auth.LocationId != lab {
		t.Fatalf("LocationAuth = %v, %v", auth, err)
	}
	created, err := f.app.CreateLocationSecret(ctx, &apppb.CreateLocationSecretRequest{LocationId: lab})
	if err != nil || len(created.Auth.Secrets) != 2 {
		t.Fatalf("CreateLocationSecret = %v, %v", created, err)
	}
	_, err = f.app.CreateLocationSecret(ctx, &apppb.CreateLocationSecretRequest{LocationId: lab})
	wantCode(t, err, codes.FailedPrecondition, "already has 2 secrets")

	first := created.Auth.Secrets[0].Id
	if _, err := f.app.DeleteLocationSecret(ctx, &apppb.DeleteLocationSecretRequest{LocationId: lab, SecretId: first}); err != nil {
		t.Fatal(err)
	}
	auth, err = f.app.LocationAuth(ctx, &apppb.LocationAuthRequest{LocationId: lab})
	if err != nil || len(auth.Auth.Secrets) != 1 || auth.Auth.Secrets[0].Id == first {
		t.Fatalf("after delete LocationAuth = %v, %v", auth, err)
	}
	_, err = f.app.DeleteLocationSecret(ctx, &apppb.DeleteLocationSecretRequest{LocationId: lab, SecretId: first})
	wantCode(t, err, codes.NotFound, "location secret")
	_, err = f.app.DeleteLocationSecret(ctx, &apppb.DeleteLocationSecretRequest{LocationId: lab, SecretId: "x"})
	wantCode(t, err, codes.InvalidArgument, "secret_id")
	_, err = f.app.LocationAuth(ctx, &apppb.LocationAuthRequest{})
	wantCode(t, err, codes.InvalidArgument, "location_id")
	_, err = f.app.CreateLocationSecret(ctx, &apppb.CreateLocationSecretRequest{LocationId: unknownLocation})
	wantCode(t, err, codes.NotFound, "location")
}
