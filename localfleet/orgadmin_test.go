package localfleet

import (
	"fmt"
	"testing"

	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// TestUpdateOrganizationChangesOnlySetFields walks one organization through
// a series of updates; each step says what it sends and what the whole
// organization must look like after it.
func TestUpdateOrganizationChangesOnlySetFields(t *testing.T) {
	f := demoFleet(t)
	org := f.ownedOrg("Scratch")
	fragment := f.fragmentID("rover-drive")
	imports := &apppb.FragmentImportList{Fragments: []*apppb.FragmentImport{{FragmentId: fragment, Version: "1", Prefix: ptr("base")}}}
	logins := &apppb.AllowedLoginMethods{Methods: []apppb.LoginMethod{apppb.LoginMethod_LOGIN_METHOD_GITHUB}}

	want := proto.Clone(org).(*apppb.Organization)
	steps := []struct {
		name   string
		req    *apppb.UpdateOrganizationRequest
		change func(o *apppb.Organization)
	}{
		{"nothing set", &apppb.UpdateOrganizationRequest{}, func(*apppb.Organization) {}},
		{"name", &apppb.UpdateOrganizationRequest{Name: ptr("Scratch 2")}, func(o *apppb.Organization) { o.Name = "Scratch 2" }},
		{"region and cid", &apppb.UpdateOrganizationRequest{Region: ptr("us-central1"), Cid: ptr("crm-42")},
			func(o *apppb.Organization) { o.DefaultRegion, o.Cid = "us-central1", ptr("crm-42") }},
		{"namespace, first time", &apppb.UpdateOrganizationRequest{PublicNamespace: ptr("scratch")},
			func(o *apppb.Organization) { o.PublicNamespace = "scratch" }},
		{"same namespace again", &apppb.UpdateOrganizationRequest{PublicNamespace: ptr("scratch")}, func(*apppb.Organization) {}},
		{"default fragments (another org's public one)", &apppb.UpdateOrganizationRequest{DefaultFragments: imports},
			func(o *apppb.Organization) { o.DefaultFragments = imports }},
		{"login methods", &apppb.UpdateOrganizationRequest{AllowedLoginMethods: logins},
			func(o *apppb.Organization) { o.AllowedLoginMethods = logins }},
		{"empty cid clears it", &apppb.UpdateOrganizationRequest{Cid: ptr("")}, func(o *apppb.Organization) { o.Cid = nil }},
		{"empty fragment list clears them", &apppb.UpdateOrganizationRequest{DefaultFragments: &apppb.FragmentImportList{}},
			func(o *apppb.Organization) { o.DefaultFragments = nil }},
	}
	for _, st := range steps {
		st.req.OrganizationId = org.Id
		resp, err := f.app.UpdateOrganization(ctx, st.req)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		st.change(want)
		if !proto.Equal(resp.Organization, want) {
			t.Fatalf("%s:\n got %v\nwant %v", st.name, resp.Organization, want)
		}
		got, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: org.Id})
		if err != nil || !proto.Equal(got.Organization, want) {
			t.Fatalf("%s: GetOrganization = %v, %v", st.name, got, err)
		}
	}
}

func TestUpdateOrganizationErrors(t *testing.T) {
	f := demoFleet(t)
	org := f.ownedOrg("Scratch")
	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	private := f.fragmentID("pallet-vision")
	tests := []struct {
		name   string
		client apppb.AppServiceClient
		req    *apppb.UpdateOrganizationRequest
		code   codes.Code
		msg    string
	}{
		{"malformed id", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: "x"}, codes.InvalidArgument, "organization_id"},
		{"unknown org", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: unknownUUID}, codes.NotFound, unknownUUID},
		{"operator", operator, &apppb.UpdateOrganizationRequest{OrganizationId: f.orgID, Name: ptr("x")}, codes.PermissionDenied, "write_organization"},
		{"empty name", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id, Name: ptr("")}, codes.InvalidArgument, "name"},
		{"bad namespace", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id, PublicNamespace: ptr("Not OK")}, codes.InvalidArgument, "public_namespace"},
		{"namespace taken", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id, PublicNamespace: ptr("demo-robotics")}, codes.AlreadyExists, "taken"},
		{"namespace already set", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: f.orgID, PublicNamespace: ptr("other")}, codes.FailedPrecondition, "UpdateOrganizationNamespace"},
		{"bad region", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id, Region: ptr("US East")}, codes.InvalidArgument, "region"},
		{"unknown default fragment", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id,
			DefaultFragments: &apppb.FragmentImportList{Fragments: []*apppb.FragmentImport{{FragmentId: unknownUUID}}}}, codes.NotFound, unknownUUID},
		{"another org's private fragment", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id,
			DefaultFragments: &apppb.FragmentImportList{Fragments: []*apppb.FragmentImport{{FragmentId: private}}}}, codes.NotFound, private},
		{"malformed default fragment", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id,
			DefaultFragments: &apppb.FragmentImportList{Fragments: []*apppb.FragmentImport{{FragmentId: "x"}}}}, codes.InvalidArgument, "default_fragments[0].fragment_id"},
		{"unspecified login method", f.app, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id,
			AllowedLoginMethods: &apppb.AllowedLoginMethods{Methods: []apppb.LoginMethod{0}}}, codes.InvalidArgument, "allowed_login_methods.methods[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.UpdateOrganization(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	// A refused update changes nothing, not even the fields that were fine.
	_, err := f.app.UpdateOrganization(ctx, &apppb.UpdateOrganizationRequest{OrganizationId: org.Id, Name: ptr("Renamed"), PublicNamespace: ptr("demo-robotics")})
	wantCode(t, err, codes.AlreadyExists, "")
	got, err := f.app.GetOrganization(ctx, &apppb.GetOrganizationRequest{OrganizationId: org.Id})
	if err != nil || got.Organization.Name != "Scratch" || got.Organization.PublicNamespace != "" {
		t.Fatalf("after a refused update: %v, %v", got, err)
	}
}

func TestUpdateOrganizationNamespace(t *testing.T) {
	f := demoFleet(t)
	org := f.ownedOrg("Scratch")
	rename := func(c apppb.AppServiceClient, orgID, ns string) (*apppb.Organization, error) {
		resp, err := c.UpdateOrganizationNamespace(ctx, &apppb.UpdateOrganizationNamespaceRequest{OrganizationId: orgID, NewPublicNamespace: ns})
		return resp.GetOrganization(), err
	}
	for _, ns := range []string{"scratch", "scratch", "scratch-2"} { // set, same again, rename
		o, err := rename(f.app, org.Id, ns)
		if err != nil || o.PublicNamespace != ns || o.Name != "Scratch" {
			t.Fatalf("rename to %q: %v, %v", ns, o, err)
		}
	}
	if _, err := f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: org.Id, Name: "nav"}); err != nil {
		t.Fatal(err)
	}
	// orgWithItems makes an organization with the namespace ns and registry
	// items of the given types under it.
	orgWithItems := func(ns string, types ...packagespb.PackageType) *apppb.Organization {
		t.Helper()
		o := f.ownedOrg(ns)
		if _, err := rename(f.app, o.Id, ns); err != nil {
			t.Fatal(err)
		}
		for i, typ := range types {
			req := &apppb.CreateRegistryItemRequest{OrganizationId: o.Id, Name: fmt.Sprintf("item-%d", i), Type: typ}
			if _, err := f.app.CreateRegistryItem(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	models := orgWithItems("models", pkgMLModel)
	mixed := orgWithItems("mixed", pkgMLModel, pkgModule)
	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	other := f.ownedOrg("Other")
	tests := []struct {
		name      string
		client    apppb.AppServiceClient
		orgID, ns string
		code      codes.Code
		msg       string
	}{
		{"module ids carry it", f.app, org.Id, "scratch-3", codes.FailedPrecondition, `"scratch-2:"`},
		{"demo module ids carry it", f.app, f.orgID, "demo-2", codes.FailedPrecondition, "module id"},
		{"ML model ids carry it", f.app, models.Id, "models-2", codes.FailedPrecondition, "1 ML model id(s)"},
		{"ids of several types carry it", f.app, mixed.Id, "mixed-2", codes.FailedPrecondition, "2 registry item id(s)"},
		{"taken", f.app, other.Id, "demo-robotics", codes.AlreadyExists, "taken"},
		{"malformed", f.app, org.Id, "-bad-", codes.InvalidArgument, "new_public_namespace"},
		{"empty", f.app, org.Id, "", codes.InvalidArgument, "new_public_namespace"},
		{"malformed org", f.app, "x", "ok", codes.InvalidArgument, "organization_id"},
		{"unknown org", f.app, unknownUUID, "ok", codes.NotFound, unknownUUID},
		{"operator", operator, f.orgID, "ok", codes.PermissionDenied, "write_organization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rename(tt.client, tt.orgID, tt.ns)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}
