package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

// dashboardApp is a Viam app as a module declares it.
func dashboardApp(name string) *apppb.App {
	return &apppb.App{
		Name: name, Type: "multi_machine", Entrypoint: "dist/index.html",
		FragmentIds:    []string{"frag-1"},
		LogoPath:       ptr("static/logo.png"),
		Customizations: &apppb.AppCustomizations{MachinePicker: &apppb.MachinePickerCustomizations{Heading: ptr("Pick a rover")}},
		AllowedOrgIds:  &apppb.AllowedOrgIDs{Ids: []string{"org-a"}},
	}
}

// appModule creates a module declaring apps, with the visibility given.
func (f *testFleet) appModule(name string, vis apppb.Visibility, apps ...*apppb.App) (string, error) {
	f.t.Helper()
	created, err := f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: name})
	if err != nil {
		f.t.Fatalf("CreateModule: %v", err)
	}
	_, err = f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: created.ModuleId, Visibility: vis,
		Url: "https://example.com", Description: name, Entrypoint: "run.sh", Apps: apps})
	return created.ModuleId, err
}

func TestAppContentAndBranding(t *testing.T) {
	f := demoFleet(t)
	moduleID, err := f.appModule("dash", apppb.Visibility_VISIBILITY_PUBLIC, dashboardApp("fleet-dashboard"))
	if err != nil {
		t.Fatal(err)
	}
	if m, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: moduleID}); err != nil || len(m.Module.Apps) != 1 {
		t.Fatalf("GetModule shows apps %v, %v", m.GetModule().GetApps(), err)
	}
	req := &apppb.GetAppContentRequest{PublicNamespace: "demo-robotics", Name: "fleet-dashboard"}
	_, err = f.app.GetAppContent(ctx, req)
	wantCode(t, err, codes.FailedPrecondition, "no uploaded version")

	for _, v := range []string{"1.2.0", "1.10.0", "1.9.1"} {
		if _, err := upload(f, fileInfo(moduleID, v, "any"), []byte("bundle"), 4); err != nil {
			t.Fatal(err)
		}
	}
	content, err := f.app.GetAppContent(ctx, req)
	if err != nil || content.BlobPath != "demo-robotics/dash/1.10.0" || content.Entrypoint != "dist/index.html" ||
		content.AppType != apppb.AppType_APP_TYPE_MULTI_MACHINE || !content.Public {
		t.Fatalf("GetAppContent = %v, %v", content, err)
	}
	branding, err := f.app.GetAppBranding(ctx, &apppb.GetAppBrandingRequest{PublicNamespace: "demo-robotics", Name: "fleet-dashboard"})
	if err != nil || branding.GetLogoPath() != "static/logo.png" || branding.FragmentIds[0] != "frag-1" || branding.AllowedOrgIds[0] != "org-a" ||
		len(branding.TextCustomizations["machine_picker"].GetFields()) != 1 || branding.TextCustomizations["machine_picker"].Fields["heading"] != "Pick a rover" {
		t.Fatalf("GetAppBranding = %v, %v", branding, err)
	}
}

func TestAppErrors(t *testing.T) {
	f := demoFleet(t)
	if _, err := f.appModule("private-dash", apppb.Visibility_VISIBILITY_PRIVATE, dashboardApp("secret-dash")); err != nil {
		t.Fatal(err)
	}
	outsider, _ := f.keyWith(f.auth("owner", "location", f.locationID("Warehouse")))
	content := func(c apppb.AppServiceClient, ns, name string) error {
		_, err := c.GetAppContent(ctx, &apppb.GetAppContentRequest{PublicNamespace: ns, Name: name})
		return err
	}
	declare := func(apps ...*apppb.App) error {
		_, err := f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: "demo-robotics:private-dash",
			Visibility: apppb.Visibility_VISIBILITY_PRIVATE, Url: "https://example.com", Apps: apps})
		return err
	}
	other := dashboardApp("taken")
	if _, err := f.appModule("other", apppb.Visibility_VISIBILITY_PRIVATE, other); err != nil {
		t.Fatal(err)
	}
	badType := dashboardApp("x")
	badType.Type = "web"
	noEntry := dashboardApp("x")
	noEntry.Entrypoint = ""
	tests := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"bad namespace", content(f.app, "Not A Namespace", "x"), codes.InvalidArgument, "public_namespace"},
		{"no name", content(f.app, "demo-robotics", ""), codes.InvalidArgument, "name"},
		{"unknown app", content(f.app, "demo-robotics", "nothing"), codes.NotFound, "demo-robotics/nothing"},
		{"unknown namespace", content(f.app, "nobody-here", "secret-dash"), codes.NotFound, "nobody-here/secret-dash"},
		{"private app, owner", content(f.app, "demo-robotics", "secret-dash"), codes.FailedPrecondition, "no uploaded version"},
		{"private app, location owner", content(outsider, "demo-robotics", "secret-dash"), codes.PermissionDenied, `"read_private_registry_item"`},
		{"branding of private app, location owner", func() error {
			_, err := outsider.GetAppBranding(ctx, &apppb.GetAppBrandingRequest{PublicNamespace: "demo-robotics", Name: "secret-dash"})
			return err
		}(), codes.PermissionDenied, `"read_private_registry_item"`},
		{"app type", declare(badType), codes.InvalidArgument, "apps[0].type"},
		{"app entrypoint", declare(noEntry), codes.InvalidArgument, "apps[0].entrypoint"},
		{"app name", declare(dashboardApp("Bad Name")), codes.InvalidArgument, "apps[0].name"},
		{"app twice", declare(dashboardApp("a"), dashboardApp("a")), codes.InvalidArgument, "apps[1].name"},
		{"app of another module", declare(dashboardApp("taken")), codes.AlreadyExists, "demo-robotics:other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code, tt.msg) })
	}
}
