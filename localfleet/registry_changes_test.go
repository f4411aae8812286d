package localfleet

import (
	"slices"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

func TestDeprecateRegistryItem(t *testing.T) {
	f := demoFleet(t)
	nav := f.createItem("nav", pkgModule)
	deprecate := func(id, msg string) error {
		_, err := f.app.DeprecateRegistryItem(ctx, &apppb.DeprecateRegistryItemRequest{ItemId: id, Message: msg})
		return err
	}
	undeprecate := func(id string) error {
		_, err := f.app.UndeprecateRegistryItem(ctx, &apppb.UndeprecateRegistryItemRequest{ItemId: id})
		return err
	}
	if err := deprecate(nav, "use nav2"); err != nil {
		t.Fatal(err)
	}
	if ds := f.item(nav).DeprecatedStatus; ds.GetMessage() != "use nav2" || ds.GetDeprecatedAt() == nil {
		t.Fatalf("deprecated_status = %v", ds)
	}
	if m, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: nav}); err != nil || m.Module.DeprecatedStatus.GetMessage() != "use nav2" {
		t.Fatalf("GetModule shows no deprecation: %v, %v", m, err)
	}
	if got := f.listIDs(&apppb.ListRegistryItemsRequest{}); slices.Contains(got, nav) {
		t.Fatalf("a deprecated item is listed: %q", got)
	}
	if got := f.listIDs(&apppb.ListRegistryItemsRequest{ShowOwnedDeprecated: proto.Bool(true)}); !slices.Contains(got, nav) {
		t.Fatalf("show_owned_deprecated does not list it: %q", got)
	}
	wantCode(t, deprecate(nav, "again"), codes.FailedPrecondition, "already deprecated")
	wantCode(t, deprecate(demoModule, " "), codes.InvalidArgument, "message")
	wantCode(t, deprecate("demo-robotics:nope", "x"), codes.NotFound, "registry item")
	if err := undeprecate(nav); err != nil {
		t.Fatal(err)
	}
	if f.item(nav).DeprecatedStatus != nil {
		t.Fatal("still deprecated")
	}
	wantCode(t, undeprecate(nav), codes.FailedPrecondition, "not deprecated")
	wantCode(t, undeprecate(""), codes.InvalidArgument, "item_id")
}

func TestDeprecateRegistryItemVersion(t *testing.T) {
	f := demoFleet(t)
	for _, v := range []string{"1.0.0", "1.1.0"} {
		if _, err := upload(f, fileInfo(demoModule, v, "linux/amd64"), []byte("x"), 1024); err != nil {
			t.Fatal(err)
		}
	}
	deprecate := func(version, msg string) error {
		_, err := f.app.DeprecateRegistryItemVersion(ctx, &apppb.DeprecateRegistryItemVersionRequest{ItemId: demoModule, Version: version, Message: msg})
		return err
	}
	undeprecate := func(version string) error {
		_, err := f.app.UndeprecateRegistryItemVersion(ctx, &apppb.UndeprecateRegistryItemVersionRequest{ItemId: demoModule, Version: version})
		return err
	}
	if err := deprecate("1.0.0", "crashes on start"); err != nil {
		t.Fatal(err)
	}
	versions := f.item(demoModule).GetModuleMetadata().GetVersions()
	if len(versions) != 2 || versions[0].DeprecatedStatus.GetMessage() != "crashes on start" || versions[1].DeprecatedStatus != nil {
		t.Fatalf("versions = %v", versions)
	}
	m, err := f.app.GetModule(ctx, &apppb.GetModuleRequest{ModuleId: demoModule})
	if err != nil || m.Module.Versions[0].DeprecatedStatus.GetMessage() != "crashes on start" {
		t.Fatalf("GetModule versions = %v, %v", m, err)
	}
	wantCode(t, deprecate("1.0.0", "again"), codes.FailedPrecondition, "already deprecated")
	wantCode(t, deprecate("9.9.9", "x"), codes.NotFound, "9.9.9")
	wantCode(t, deprecate("v1", "x"), codes.InvalidArgument, "version")
	wantCode(t, deprecate("1.1.0", ""), codes.InvalidArgument, "message")
	if err := undeprecate("1.0.0"); err != nil {
		t.Fatal(err)
	}
	if f.item(demoModule).GetModuleMetadata().GetVersions()[0].DeprecatedStatus != nil {
		t.Fatal("version still deprecated")
	}
	wantCode(t, undeprecate("1.0.0"), codes.FailedPrecondition, "not deprecated")
	wantCode(t, undeprecate("2.0.0"), codes.NotFound, "2.0.0")
}

func TestRenameAndDeleteRegistryItem(t *testing.T) {
	f := demoFleet(t)
	nav := f.createItem("nav", pkgModule)
	f.createItem("taken", pkgMLModel)
	if _, err := upload(f, fileInfo(nav, "1.0.0", "linux/amd64"), []byte("x"), 1024); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.DeprecateRegistryItemVersion(ctx, &apppb.DeprecateRegistryItemVersionRequest{ItemId: nav, Version: "1.0.0", Message: "old"}); err != nil {
		t.Fatal(err)
	}
	renamed, err := f.app.RenameRegistryItem(ctx, &apppb.RenameRegistryItemRequest{ItemId: nav, NewName: "nav2"})
	if err != nil {
		t.Fatal(err)
	}
	versions := renamed.Item.GetModuleMetadata().GetVersions()
	if renamed.Item.ItemId != "demo-robotics:nav2" || renamed.Item.Name != "nav2" || len(versions) != 1 || versions[0].DeprecatedStatus == nil {
		t.Fatalf("RenameRegistryItem = %v; want the new id with its versions and their deprecations", renamed.Item)
	}
	_, err = f.app.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: nav})
	wantCode(t, err, codes.NotFound, nav)

	rename := func(id, newName string) func() error {
		return func() error {
			_, err := f.app.RenameRegistryItem(ctx, &apppb.RenameRegistryItemRequest{ItemId: id, NewName: newName})
			return err
		}
	}
	runErrorCases(t, []errorCase{
		{"taken", rename("demo-robotics:nav2", "taken"), codes.AlreadyExists, "demo-robotics:taken"},
		{"bad name", rename("demo-robotics:nav2", "Nav 3"), codes.InvalidArgument, "new_name"},
		{"unknown", rename(nav, "nav4"), codes.NotFound, nav},
	})

	if _, err := f.app.DeleteRegistryItem(ctx, &apppb.DeleteRegistryItemRequest{ItemId: "demo-robotics:nav2"}); err != nil {
		t.Fatal(err)
	}
	var files int
	if err := f.srv.svc.db.QueryRow(`SELECT COUNT(*) FROM module_files WHERE module_id = 'demo-robotics:nav2'`).Scan(&files); err != nil || files != 0 {
		t.Fatalf("%d files left (%v)", files, err)
	}
	_, err = f.app.DeleteRegistryItem(ctx, &apppb.DeleteRegistryItemRequest{ItemId: "demo-robotics:nav2"})
	wantCode(t, err, codes.NotFound, "registry item")
}

func TestTransferRegistryItem(t *testing.T) {
	fx := DemoFixture()
	fx.Organizations = append(fx.Organizations, FixtureOrganization{Name: "Other", PublicNamespace: "other-org"})
	f := openTestFleet(t, Options{Fixture: fx, Deterministic: true, Seed: 1})
	// The caller owns the organization it creates, which has no namespace:
	// its items are "<org id>:<name>" until they move to demo-robotics.
	acme := f.ownedOrg("Acme")
	lidar := acme.Id + ":lidar"
	if _, err := f.app.CreateRegistryItem(ctx, &apppb.CreateRegistryItemRequest{OrganizationId: acme.Id, Name: "lidar", Type: pkgModule}); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(f, fileInfo(lidar, "0.1.0", "linux/amd64"), []byte("x"), 1024); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.TransferRegistryItem(ctx, &apppb.TransferRegistryItemRequest{ItemId: lidar, NewPublicNamespace: "demo-robotics"}); err != nil {
		t.Fatal(err)
	}
	moved := f.item("demo-robotics:lidar")
	if moved.OrganizationId != f.orgID || moved.PublicNamespace != "demo-robotics" || len(moved.GetModuleMetadata().GetVersions()) != 1 {
		t.Fatalf("transferred item = %v", moved)
	}
	_, err := f.app.GetRegistryItem(ctx, &apppb.GetRegistryItemRequest{ItemId: lidar})
	wantCode(t, err, codes.NotFound, lidar)

	transfer := func(id, ns string) func() error {
		return func() error {
			_, err := f.app.TransferRegistryItem(ctx, &apppb.TransferRegistryItemRequest{ItemId: id, NewPublicNamespace: ns})
			return err
		}
	}
	runErrorCases(t, []errorCase{
		{"same namespace", transfer("demo-robotics:lidar", "demo-robotics"), codes.FailedPrecondition, "already"},
		{"unknown namespace", transfer("demo-robotics:lidar", "nobody-here"), codes.NotFound, "nobody-here"},
		{"bad namespace", transfer("demo-robotics:lidar", "Not Valid"), codes.InvalidArgument, "new_public_namespace"},
		{"not an owner there", transfer("demo-robotics:lidar", "other-org"), codes.PermissionDenied, "write_private_registry_item"},
		{"unknown item", transfer(lidar, "demo-robotics"), codes.NotFound, lidar},
	})
}
