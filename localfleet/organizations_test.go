package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestOrganizations(t *testing.T) {
	f := demoFleet(t)
	got, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Organization.Name != "Demo Robotics" || got.Organization.PublicNamespace != "demo-robotics" || got.Organization.CreatedOn == nil {
		t.Fatalf("GetOrganization = %v", got)
	}

	created, err := f.app.CreateOrganization(ctx, &apppb.CreateOrganizationRequest{Name: "Second Org"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Organizations) != 2 || list.Organizations[1].Id != created.Organization.Id {
		t.Fatalf("after CreateOrganization the creator should list both orgs in creation order, got %v", list)
	}
	// The creator owns the new organization.
	if _, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: created.Organization.Id, Name: "HQ"}); err != nil {
		t.Fatalf("creator cannot use its new organization: %v", err)
	}
	// A key scoped to a location lists its organization only.
	scoped, _ := f.keyWith(f.auth("operator", "location", f.locationID("Lab")))
	list, err = scoped.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	if err != nil || len(list.Organizations) != 1 || list.Organizations[0].Id != f.orgID {
		t.Fatalf("scoped ListOrganizations = %v, %v", list, err)
	}

	errs := []errorCase{
		{"get empty id", func() error {
			_, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{})
			return err
		}, codes.InvalidArgument, "organization_id"},
		{"get malformed id", func() error {
			_, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: "abc"})
			return err
		}, codes.InvalidArgument, `"abc" is not a valid organization id`},
		{"get unknown", func() error {
			_, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: unknownUUID})
			return err
		}, codes.NotFound, `organization "` + unknownUUID + `" not found`},
		{"create empty name", func() error {
			_, err := f.app.CreateOrganization(ctx, &apppb.CreateOrganizationRequest{})
			return err
		}, codes.InvalidArgument, "name"},
		{"namespace invalid", func() error {
			_, err := f.app.GetOrganizationNamespaceAvailability(ctx, &apppb.GetOrganizationNamespaceAvailabilityRequest{PublicNamespace: "Bad_NS"})
			return err
		}, codes.InvalidArgument, "lowercase"},
		{"namespace empty", func() error {
			_, err := f.app.GetOrganizationNamespaceAvailability(ctx, &apppb.GetOrganizationNamespaceAvailabilityRequest{})
			return err
		}, codes.InvalidArgument, "public_namespace"},
		{"rover rental unknown org", func() error {
			_, err := f.app.GetRoverRentalRobots(ctx, &apppb.GetRoverRentalRobotsRequest{OrgId: unknownUUID})
			return err
		}, codes.NotFound, "organization"},
	}
	runErrorCases(t, errs)
}

func TestNamespaceAvailability(t *testing.T) {
	f := demoFleet(t)
	for ns, want := range map[string]bool{"demo-robotics": false, "acme-robots": true} {
		resp, err := f.app.GetOrganizationNamespaceAvailability(ctx, &apppb.GetOrganizationNamespaceAvailabilityRequest{PublicNamespace: ns})
		if err != nil || resp.Available != want {
			t.Errorf("availability of %q = %v, %v; want %v", ns, resp.GetAvailable(), err, want)
		}
	}
}

func TestGetRoverRentalRobotsIsEmpty(t *testing.T) {
	f := demoFleet(t)
	resp, err := f.app.GetRoverRentalRobots(ctx, &apppb.GetRoverRentalRobotsRequest{OrgId: f.orgID})
	if err != nil || len(resp.Robots) != 0 {
		t.Fatalf("GetRoverRentalRobots = %v, %v", resp, err)
	}
}
