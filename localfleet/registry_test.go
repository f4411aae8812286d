package localfleet

import (
	"slices"
	"testing"

	mltrainingpb "go.viam.com/api/app/mltraining/v1"
	packagespb "go.viam.com/api/app/packages/v1"
	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

const (
	pkgModule     = packagespb.PackageType_PACKAGE_TYPE_MODULE
	pkgMLModel    = packagespb.PackageType_PACKAGE_TYPE_ML_MODEL
	pkgMLTraining = packagespb.PackageType_PACKAGE_TYPE_ML_TRAINING
	visPrivate    = apppb.Visibility_VISIBILITY_PRIVATE
	visPublic     = apppb.Visibility_VISIBILITY_PUBLIC
	demoModule    = "demo-robotics:pallet-detector" // the demo fixture's public module
)

// createItem creates a registry item in the test organization (namespace
// demo-robotics) and returns its id.
func (f *testFleet) createItem(name string, typ packagespb.PackageType) string {
	f.t.Helper()
	if _, err := f.app.CreateRegistryItem(ctx, &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: name, Type: typ}); err != nil {
		f.t.Fatalf("CreateRegistryItem(%s): %v", name, err)
	}
	return "demo-robotics:" + name
}

func (f *testFleet) item(id string) *apppb.RegistryItem {
	f.t.Helper()
	resp, err := f.app.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: id})
	if err != nil {
		f.t.Fatalf("GetRegistryItem(%s): %v", id, err)
	}
	return resp.Item
}

// listIDs lists registry items with the request (organization: the test
// organization unless set) and returns their ids.
func (f *testFleet) listIDs(req *apppb.ListRegistryItemsRequest) []string {
	f.t.Helper()
	if req.OrganizationId == nil {
		req.OrganizationId = &f.orgID
	}
	resp, err := f.app.ListRegistryItems(ctx, req)
	if err != nil {
		f.t.Fatalf("ListRegistryItems(%v): %v", req, err)
	}
	ids := make([]string, len(resp.Items))
	for i, it := range resp.Items {
		ids[i] = it.ItemId
	}
	return ids
}

func TestModulesAreRegistryItems(t *testing.T) {
	f := demoFleet(t)
	// A fixture module is an item with module metadata.
	it := f.item(demoModule)
	if it.Type != pkgModule || it.Visibility != visPublic || it.OrganizationId != f.orgID || it.PublicNamespace != "demo-robotics" ||
		len(it.GetModuleMetadata().GetModels()) != 1 || it.GetModuleMetadata().Entrypoint != "bin/pallet-detector" || it.CreatedAt == nil {
		t.Fatalf("GetRegistryItem(%s) = %v", demoModule, it)
	}
	// A module made as a registry item is a module.
	nav := f.createItem("nav", pkgModule)
	if m, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: nav}); err != nil || m.Module.Name != "nav" {
		t.Fatalf("GetModule(%s) = %v, %v", nav, m, err)
	}
	// Other types are not modules.
	model := f.createItem("detector", pkgMLModel)
	_, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: model})
	wantCode(t, err, codes.NotFound, "module")
	mods, err := f.app.ListModules(ctx, &apppb.ListModulesRequest{OrganizationId: &f.orgID})
	if err != nil || len(mods.Modules) != 2 {
		t.Fatalf("ListModules = %v, %v; want the fixture's module and nav", mods, err)
	}
	// A module name is taken whichever RPC made it.
	_, err = f.app.CreateModule(ctx, &apppb.CreateModuleRequest{OrganizationId: f.orgID, Name: "detector"})
	wantCode(t, err, codes.AlreadyExists, model)
	if got := f.item(model); got.Type != pkgMLModel || got.GetMlModelMetadata() == nil || got.Visibility != visPrivate {
		t.Fatalf("ML model item = %v", got)
	}
}

func TestCreateRegistryItemErrors(t *testing.T) {
	f := demoFleet(t)
	f.createItem("taken", pkgMLTraining)
	tests := []struct {
		name string
		req  *apppb.CreateRegistryItemRequest
		code codes.Code
		msg  string
	}{
		{"no org", &apppb.CreateRegistryItemRequest{Name: "x", Type: pkgModule}, codes.InvalidArgument, "organization_id"},
		{"unknown org", &apppb.CreateRegistryItemRequest{OrganizationId: unknownUUID, Name: "x", Type: pkgModule}, codes.NotFound, "organization"},
		{"no type", &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "x"}, codes.InvalidArgument, "type"},
		{"unknown type", &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "x", Type: 99}, codes.InvalidArgument, "PACKAGE_TYPE_MODULE"},
		{"bad name", &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "Not OK", Type: pkgModule}, codes.InvalidArgument, "name"},
		{"no name", &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Type: pkgMLModel}, codes.InvalidArgument, "ML model name"},
		{"taken", &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "taken", Type: pkgModule}, codes.AlreadyExists, "demo-robotics:taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.CreateRegistryItem(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
	getErrs := []struct {
		id   string
		code codes.Code
	}{{"", codes.InvalidArgument}, {"no-colon", codes.InvalidArgument}, {":x", codes.InvalidArgument}, {"demo-robotics:nope", codes.NotFound}}
	for _, tt := range getErrs {
		_, err := f.app.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: tt.id})
		wantCode(t, err, tt.code, "")
	}
}

func TestUpdateRegistryItem(t *testing.T) {
	f := demoFleet(t)
	nav := f.createItem("nav", pkgModule)
	model := f.createItem("detector", pkgMLModel)
	url, md := "https://example.com/nav", "# Nav\nDrives."
	lang := apppb.ModuleLanguage_MODULE_LANGUAGE_GOLANG
	_, err := f.app.UpdateRegistryItem(ctx, &apppb.UpdateRegistryItemRequest{
		ItemId: nav, Type: pkgModule, Description: "navigation", Visibility: visPublic, Url: &url, MarkdownDescription: &md,
		Metadata: &apppb.UpdateRegistryItemRequest_UpdateModuleMetadata{UpdateModuleMetadata: &apppb.UpdateModuleMetadata{
			Models:     []*apppb.Model{{Api: "rdk:service:navigation", Model: "demo-robotics:nav:simple"}},
			Entrypoint: "bin/nav", Language: &lang,
		}},
		Billing: &apppb.RegistryItemBilling{Frequency: &apppb.RegistryItemBilling_CostPerMonth{CostPerMonth: &apppb.RegistryItemCostByResource{PerMachine: 2.5}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	it := f.item(nav)
	meta := it.GetModuleMetadata()
	if it.Description != "navigation" || it.Visibility != visPublic || it.Url != url || meta.GetEntrypoint() != "bin/nav" ||
		meta.GetLanguage() != lang || len(meta.GetModels()) != 1 || it.GetBilling().GetCostPerMonth().GetPerMachine() != 2.5 ||
		!it.UpdatedAt.AsTime().After(it.CreatedAt.AsTime()) {
		t.Fatalf("updated item = %v", it)
	}
	if meta.MarkdownDescription != nil {
		t.Fatalf("markdown without include_markdown_documentation: %q", meta.GetMarkdownDescription())
	}
	withMD, err := f.app.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: nav, IncludeMarkdownDocumentation: proto.Bool(true)})
	if err != nil || withMD.Item.GetModuleMetadata().GetMarkdownDescription() != md {
		t.Fatalf("markdown = %v, %v", withMD, err)
	}
	// UpdateModule replaces what it sets and keeps the language.
	if _, err := f.app.UpdateModule(ctx, &apppb.UpdateModuleRequest{ModuleId: nav, Visibility: visPrivate, Description: "nav 2"}); err != nil {
		t.Fatal(err)
	}
	if it := f.item(nav); it.Description != "nav 2" || it.GetModuleMetadata().GetLanguage() != lang || len(it.GetModuleMetadata().GetModels()) != 0 {
		t.Fatalf("after UpdateModule = %v", it)
	}

	mlMeta := &apppb.UpdateRegistryItemRequest_UpdateMlModelMetadata{UpdateMlModelMetadata: &apppb.UpdateMLModelMetadata{
		ModelType: mltrainingpb.ModelType_MODEL_TYPE_OBJECT_DETECTION, ModelFramework: mltrainingpb.ModelFramework_MODEL_FRAMEWORK_TFLITE}}
	if _, err := f.app.UpdateRegistryItem(ctx, &apppb.UpdateRegistryItemRequest{ItemId: model, Type: pkgMLModel, Visibility: visPrivate, Metadata: mlMeta}); err != nil {
		t.Fatal(err)
	}
	if got := f.item(model).GetMlModelMetadata(); got.GetModelFramework() != mltrainingpb.ModelFramework_MODEL_FRAMEWORK_TFLITE ||
		got.GetModelType() != mltrainingpb.ModelType_MODEL_TYPE_OBJECT_DETECTION {
		t.Fatalf("ML metadata = %v", got)
	}

	errs := []struct {
		name string
		req  *apppb.UpdateRegistryItemRequest
		code codes.Code
		msg  string
	}{
		{"unknown", &apppb.UpdateRegistryItemRequest{ItemId: "demo-robotics:nope", Type: pkgModule, Visibility: visPrivate}, codes.NotFound, "registry item"},
		{"bad id", &apppb.UpdateRegistryItemRequest{ItemId: "nope", Type: pkgModule, Visibility: visPrivate}, codes.InvalidArgument, "item_id"},
		{"type changed", &apppb.UpdateRegistryItemRequest{ItemId: model, Type: pkgModule, Visibility: visPrivate}, codes.InvalidArgument, "type"},
		{"no visibility", &apppb.UpdateRegistryItemRequest{ItemId: model, Type: pkgMLModel}, codes.InvalidArgument, "visibility"},
		{"metadata of another type", &apppb.UpdateRegistryItemRequest{ItemId: nav, Type: pkgModule, Visibility: visPrivate, Metadata: mlMeta}, codes.InvalidArgument, "update_ml_model_metadata"},
		{"bad model", &apppb.UpdateRegistryItemRequest{ItemId: nav, Type: pkgModule, Visibility: visPrivate,
			Metadata: &apppb.UpdateRegistryItemRequest_UpdateModuleMetadata{UpdateModuleMetadata: &apppb.UpdateModuleMetadata{Models: []*apppb.Model{{}}}}},
			codes.InvalidArgument, "models[0]"},
		{"bad framework", &apppb.UpdateRegistryItemRequest{ItemId: model, Type: pkgMLModel, Visibility: visPrivate,
			Metadata: &apppb.UpdateRegistryItemRequest_UpdateMlModelMetadata{UpdateMlModelMetadata: &apppb.UpdateMLModelMetadata{ModelType: 1}}},
			codes.InvalidArgument, "model_framework"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.UpdateRegistryItem(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestPublicItemNeedsNamespace(t *testing.T) {
	f := openTestFleet(t, Options{Fixture: mustFixture(t, "empty")})
	if _, err := f.app.CreateRegistryItem(ctx, &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "m", Type: pkgMLModel}); err != nil {
		t.Fatal(err)
	}
	_, err := f.app.UpdateRegistryItem(ctx, &apppb.UpdateRegistryItemRequest{ItemId: f.orgID + ":m", Type: pkgMLModel, Visibility: visPublic})
	wantCode(t, err, codes.FailedPrecondition, "public namespace")
}

func TestListRegistryItems(t *testing.T) {
	f := demoFleet(t)
	nav := f.createItem("nav", pkgModule)
	model := f.createItem("detector", pkgMLModel)
	lang := apppb.ModuleLanguage_MODULE_LANGUAGE_PYTHON
	_, err := f.app.UpdateRegistryItem(ctx, &apppb.UpdateRegistryItemRequest{ItemId: nav, Type: pkgModule, Description: "Navigation for rovers",
		Visibility: apppb.Visibility_VISIBILITY_PUBLIC_UNLISTED,
		Metadata:   &apppb.UpdateRegistryItemRequest_UpdateModuleMetadata{UpdateModuleMetadata: &apppb.UpdateModuleMetadata{Language: &lang}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := upload(f, fileInfo(nav, "1.0.0", "linux/arm64"), []byte("x"), 1024); err != nil {
		t.Fatal(err)
	}
	empty := ""
	tests := []struct {
		name string
		req  *apppb.ListRegistryItemsRequest
		want []string
	}{
		{"all of the organization", &apppb.ListRegistryItemsRequest{}, []string{model, nav, demoModule}},
		{"public search", &apppb.ListRegistryItemsRequest{OrganizationId: &empty}, []string{demoModule}},
		{"types", &apppb.ListRegistryItemsRequest{Types: []packagespb.PackageType{pkgMLModel, pkgMLTraining}}, []string{model}},
		{"visibilities", &apppb.ListRegistryItemsRequest{Visibilities: []apppb.Visibility{visPrivate, apppb.Visibility_VISIBILITY_PUBLIC_UNLISTED}}, []string{model, nav}},
		{"platforms", &apppb.ListRegistryItemsRequest{Platforms: []string{"linux/arm64", "darwin/arm64"}}, []string{nav}},
		{"published", &apppb.ListRegistryItemsRequest{Statuses: []apppb.RegistryItemStatus{apppb.RegistryItemStatus_REGISTRY_ITEM_STATUS_PUBLISHED}}, []string{nav}},
		{"in development", &apppb.ListRegistryItemsRequest{Statuses: []apppb.RegistryItemStatus{apppb.RegistryItemStatus_REGISTRY_ITEM_STATUS_IN_DEVELOPMENT}}, []string{model, demoModule}},
		{"search description", &apppb.ListRegistryItemsRequest{SearchTerm: proto.String("ROVERS")}, []string{nav}},
		{"search name", &apppb.ListRegistryItemsRequest{SearchTerm: proto.String("pallet")}, []string{demoModule}},
		{"namespaces", &apppb.ListRegistryItemsRequest{PublicNamespaces: []string{"someone-else"}}, []string{}},
		{"languages", &apppb.ListRegistryItemsRequest{ModuleLanguages: []apppb.ModuleLanguage{lang}}, []string{nav}},
		{"source types", &apppb.ListRegistryItemsRequest{ModuleSourceTypes: []apppb.ModuleSourceType{apppb.ModuleSourceType_MODULE_SOURCE_TYPE_EXTERNAL}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := f.listIDs(tt.req); !slices.Equal(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	errs := []struct {
		name string
		req  *apppb.ListRegistryItemsRequest
		code codes.Code
		msg  string
	}{
		{"page token", &apppb.ListRegistryItemsRequest{PageToken: proto.String("2")}, codes.InvalidArgument, "page_token"},
		{"bad org", &apppb.ListRegistryItemsRequest{OrganizationId: proto.String("x")}, codes.InvalidArgument, "organization_id"},
		{"unknown org", &apppb.ListRegistryItemsRequest{OrganizationId: proto.String(unknownUUID)}, codes.NotFound, "organization"},
		{"bad type", &apppb.ListRegistryItemsRequest{Types: []packagespb.PackageType{0}}, codes.InvalidArgument, "types[0]"},
		{"bad status", &apppb.ListRegistryItemsRequest{Statuses: []apppb.RegistryItemStatus{7}}, codes.InvalidArgument, "statuses[0]"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.ListRegistryItems(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestRegistryRoles(t *testing.T) {
	f := demoFleet(t)
	private := f.createItem("secret-sauce", pkgMLModel)
	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	lab := f.locationID("Lab")
	labOwner, _ := f.keyWith(f.auth("owner", "location", lab))
	create := &apppb.CreateRegistryItemRequest{OrganizationId: f.orgID, Name: "x", Type: pkgModule}

	if _, err := f.app.CreateRegistryItem(ctx, create); err != nil {
		t.Fatalf("the organization owner cannot create an item: %v", err)
	}
	for name, c := range map[string]apppb.AppServiceClient{"operator": operator, "location owner": labOwner} {
		t.Run(name, func(t *testing.T) {
			_, err := c.CreateRegistryItem(ctx, create)
			wantCode(t, err, codes.PermissionDenied, "write_private_registry_item")
			_, err = c.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: private})
			wantCode(t, err, codes.PermissionDenied, "read_private_registry_item")
			_, err = c.DeprecateRegistryItem(ctx, &apppb.DeprecateRegistryItemRequest{ItemId: demoModule, Message: "x"})
			wantCode(t, err, codes.PermissionDenied, "write_private_registry_item")
			if _, err := c.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: demoModule}); err != nil {
				t.Fatalf("a public item is refused: %v", err)
			}
			list, err := c.ListRegistryItems(ctx, &apppb.ListRegistryItemsRequest{OrganizationId: &f.orgID})
			if err != nil || len(list.Items) != 1 || list.Items[0].ItemId != demoModule {
				t.Fatalf("ListRegistryItems = %v, %v; want only the public item", list, err)
			}
		})
	}
}

func TestRegistryUsage(t *testing.T) {
	f := demoFleet(t)
	before := f.item(demoModule)
	robotID := f.newRobot(f.locationID("Lab"), "tester")
	main := f.parts(robotID)[0]
	cfg := mustStruct(t, map[string]any{"modules": []any{
		map[string]any{"type": "registry", "name": "pd", "module_id": demoModule, "version": "latest"},
		map[string]any{"type": "local", "name": "mine", "executable_path": "/bin/true"},
	}})
	if _, err := f.app.UpdateRobotPart(ctx, &apppb.UpdateRobotPartRequest{Id: main.Id, Name: main.Name, RobotConfig: cfg}); err != nil {
		t.Fatal(err)
	}
	after := f.item(demoModule)
	if after.TotalRobotUsage != before.TotalRobotUsage+1 || after.TotalOrganizationUsage != 1 || after.TotalExternalRobotUsage != 0 {
		t.Fatalf("usage before %d, after %d machines in %d organizations (%d external); want one more machine",
			before.TotalRobotUsage, after.TotalRobotUsage, after.TotalOrganizationUsage, after.TotalExternalRobotUsage)
	}
	m, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: demoModule})
	if err != nil || m.Module.TotalRobotUsage != after.TotalRobotUsage {
		t.Fatalf("GetModule usage = %v, %v", m.GetModule().GetTotalRobotUsage(), err)
	}
}
