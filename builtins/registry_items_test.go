package builtins_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// registryAndKeyRotationMethods are the registry item methods and the key
// rename and rotation methods.
var registryAndKeyRotationMethods = strings.Fields(`get_registry_item create_registry_item update_registry_item
list_registry_items delete_registry_item rename_registry_item transfer_registry_item deprecate_registry_item
undeprecate_registry_item deprecate_registry_item_version undeprecate_registry_item_version rename_key rotate_key`)

func TestRegistryMethodsDeclared(t *testing.T) {
	groups := map[string]string{}
	for _, m := range builtins.Methods() {
		groups[m.Name] = m.Group
	}
	for _, name := range registryAndKeyRotationMethods {
		want := "registry"
		if strings.HasSuffix(name, "_key") {
			want = "keys"
		}
		if g := groups[name]; g != want {
			t.Errorf("fleet.%s: group %q, want %q", name, g, want)
		}
	}
}

// TestRegistrySignatures pins the Python SDK's names and order where it has
// them (organization last, defaulting to the fleet's, as everywhere).
func TestRegistrySignatures(t *testing.T) {
	want := map[string]string{
		"get_registry_item":    "fleet.get_registry_item(item_id, include_markdown_documentation=False) -> RegistryItem",
		"create_registry_item": "fleet.create_registry_item(name, type, org_id=None) -> None",
		"update_registry_item": "fleet.update_registry_item(item_id, type, description, visibility, url=None, markdown_description=None, " +
			"update_module_metadata=None, update_ml_model_metadata=None, update_ml_training_metadata=None, billing=None) -> None",
		"list_registry_items": "fleet.list_registry_items(types=None, visibilities=None, platforms=None, statuses=None, search_term=None, " +
			"page_token=None, public_namespaces=None, module_source_types=None, module_languages=None, " +
			"include_markdown_documentation=False, show_owned_deprecated=False, org_id=None) -> list of RegistryItem",
		"rename_registry_item":              "fleet.rename_registry_item(item_id, new_name) -> RegistryItem",
		"transfer_registry_item":            "fleet.transfer_registry_item(item_id, new_public_namespace) -> None",
		"deprecate_registry_item_version":   "fleet.deprecate_registry_item_version(item_id, version, message) -> None",
		"undeprecate_registry_item_version": "fleet.undeprecate_registry_item_version(item_id, version) -> None",
		"rename_key":                        "fleet.rename_key(id, name) -> (string, string)",
		"rotate_key":                        "fleet.rotate_key(id) -> (string, string)",
	}
	checkSignatures(t, want)
}

// registryScript exercises every registry method on the demo fleet. ACME
// is an organization the key owns that has no public namespace.
const registryScript = `
ns = org.public_namespace
expect(fleet.create_registry_item("detector", "ml_model") == None, "create_registry_item returns None")
detector = ns + ":detector"
item = fleet.get_registry_item(detector)
expect(item.type == "PACKAGE_TYPE_ML_MODEL" and item.visibility == "VISIBILITY_PRIVATE", "get_registry_item")
expect(item.organization_id == org.id and item.ml_model_metadata != None, "the item's organization and metadata")

fleet.create_registry_item(name="nav", type="PACKAGE_TYPE_MODULE", org_id=org.id)
nav = ns + ":nav"
expect(fleet.get_module(nav).name == "nav", "a module made as a registry item is a module")
module_id, _ = fleet.create_module("lidar")
expect(fleet.get_registry_item(module_id).module_metadata != None, "a module made by create_module is a registry item")

expect(fleet.update_registry_item(nav, "module", "Navigation", "public", url="https://example.com/nav",
    markdown_description="# Nav", update_module_metadata={"models": [{"api": "rdk:service:navigation", "model": "demo:nav:a"}],
    "entrypoint": "bin/nav", "language": "python"}) == None, "update_registry_item returns None")
u = fleet.get_registry_item(nav)
expect(u.description == "Navigation" and u.visibility == "VISIBILITY_PUBLIC" and u.url == "https://example.com/nav", "the update")
expect(u.module_metadata.language == "MODULE_LANGUAGE_PYTHON" and u.module_metadata.markdown_description == None, "no markdown unless asked")
expect(fleet.get_registry_item(nav, include_markdown_documentation=True).module_metadata.markdown_description == "# Nav", "markdown")
fleet.update_registry_item(detector, "ml_model", "Pallets", "private",
    update_ml_model_metadata={"model_type": "object_detection", "model_framework": "tflite"})
expect(fleet.get_registry_item(detector).ml_model_metadata.model_framework == "MODEL_FRAMEWORK_TFLITE", "ML metadata")

fleet.upload_module_file({"module_id": nav, "version": "1.0.0", "platform": "linux/arm64"}, b"tarball")
ids = [i.item_id for i in fleet.list_registry_items()]
expect(detector in ids and nav in ids and module_id in ids, "list_registry_items lists the organization's items")
expect([i.item_id for i in fleet.list_registry_items(["ml_model"])] == [detector], "types filter, positional")
expect([i.item_id for i in fleet.list_registry_items(statuses=["published"])] == [nav], "statuses filter")
expect([i.item_id for i in fleet.list_registry_items(platforms=["linux/arm64"], search_term="NAVI")] == [nav], "platforms and search")
expect(len(fleet.list_registry_items(public_namespaces=["elsewhere"])) == 0, "namespaces filter")

expect(fleet.deprecate_registry_item(detector, "use detector2") == None, "deprecate_registry_item returns None")
expect(fleet.get_registry_item(detector).deprecated_status.message == "use detector2", "deprecated_status")
expect(detector not in [i.item_id for i in fleet.list_registry_items()], "deprecated items are not listed")
expect(detector in [i.item_id for i in fleet.list_registry_items(show_owned_deprecated=True)], "show_owned_deprecated")
expect(fleet.undeprecate_registry_item(detector) == None, "undeprecate_registry_item returns None")
expect(fleet.get_registry_item(detector).deprecated_status == None, "undeprecated")

expect(fleet.deprecate_registry_item_version(nav, "1.0.0", "broken") == None, "deprecate_registry_item_version returns None")
expect(fleet.get_module(nav).versions[0].deprecated_status.message == "broken", "the version's deprecated_status")
expect(fleet.undeprecate_registry_item_version(nav, version="1.0.0") == None, "undeprecate_registry_item_version returns None")
expect(fleet.get_registry_item(nav).module_metadata.versions[0].deprecated_status == None, "the version is undeprecated")

renamed = fleet.rename_registry_item(nav, "navigator")
expect(renamed.item_id == ns + ":navigator" and len(renamed.module_metadata.versions) == 1, "rename_registry_item returns the item")
expect(fleet.delete_registry_item(ns + ":navigator") == None, "delete_registry_item returns None")
expect(ns + ":navigator" not in [i.item_id for i in fleet.list_registry_items()], "the item is gone")

fleet.create_registry_item("scanner", "module", org_id=ACME)
expect(fleet.transfer_registry_item(ACME + ":scanner", ns) == None, "transfer_registry_item returns None")
expect(fleet.get_registry_item(ns + ":scanner").organization_id == org.id, "the item moved to the namespace's organization")
`

func TestRegistryOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude + "ACME = fleet.create_organization(\"Acme\").id\n" + registryScript)
}

func TestRegistryErrorsOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude)
	tests := []struct{ call, want string }{
		{`fleet.get_registry_item("demo-robotics:nope")`, `fleet.get_registry_item: NOT_FOUND: registry item "demo-robotics:nope" not found`},
		{`fleet.create_registry_item("Bad Name", "module")`, `fleet.create_registry_item: INVALID_ARGUMENT: name:`},
		{`fleet.create_registry_item("x", "no_such_type")`, `fleet.create_registry_item: type:`},
		{`fleet.update_registry_item("demo-robotics:pallet-detector", "ml_model", "d", "public")`, `fleet.update_registry_item: INVALID_ARGUMENT: type:`},
		{`fleet.update_registry_item("demo-robotics:pallet-detector", "module", "d", "public", update_ml_model_metadata={}, update_ml_training_metadata={})`,
			`fleet.update_registry_item: update_ml_training_metadata: give at most one of`},
		{`fleet.list_registry_items(page_token="2")`, `fleet.list_registry_items: INVALID_ARGUMENT: page_token:`},
		{`fleet.delete_registry_item("nocolon")`, `fleet.delete_registry_item: INVALID_ARGUMENT: item_id:`},
		{`fleet.rename_registry_item("demo-robotics:nope", "x")`, `fleet.rename_registry_item: NOT_FOUND:`},
		{`fleet.transfer_registry_item("demo-robotics:pallet-detector", "nobody-here")`, `fleet.transfer_registry_item: NOT_FOUND:`},
		{`fleet.undeprecate_registry_item("demo-robotics:pallet-detector")`, `fleet.undeprecate_registry_item: FAILED_PRECONDITION:`},
		{`fleet.deprecate_registry_item("demo-robotics:nope", "x")`, `fleet.deprecate_registry_item: NOT_FOUND:`},
		{`fleet.deprecate_registry_item_version("demo-robotics:pallet-detector", "9.9.9", "x")`, `fleet.deprecate_registry_item_version: NOT_FOUND:`},
		{`fleet.undeprecate_registry_item_version("demo-robotics:pallet-detector", "v1")`, `fleet.undeprecate_registry_item_version: INVALID_ARGUMENT: version:`},
		{`fleet.rename_key(MISSING, "x")`, `fleet.rename_key: NOT_FOUND:`},
		{`fleet.rotate_key("not-a-key")`, `fleet.rotate_key: INVALID_ARGUMENT: id:`},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			msg := h.execErr(prelude + "MISSING = \"00000000-0000-4000-8000-000000000000\"\n" + tt.call)
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error %q, want prefix %q", msg, tt.want)
			}
		})
	}
}

// TestKeyRotationOnLocalFleet rotates a key through Starlark and logs in
// with both secrets; then the rotated key, an organization operator, is
// refused a registry change.
func TestKeyRotationOnLocalFleet(t *testing.T) {
	srv, conn := localFleet(t, localfleet.Options{})
	h := newHarness(t, conn, builtins.Options{})
	g := h.mustExec(prelude + `
old_key, key_id = fleet.create_key([{"role": "operator", "resource_type": "organization", "resource_id": org.id}], "ci")
renamed = fleet.rename_key(key_id, "nightly")
expect(renamed == (key_id, "nightly"), "rename_key returns (id, name)")
expect([k.api_key.name for k in fleet.list_keys() if k.api_key.id == key_id] == ["nightly"], "the key is renamed")
new_key, same_id = fleet.rotate_key(key_id)
expect(same_id == key_id and new_key != old_key and type(new_key) == "string", "rotate_key returns (key, id)")
`)
	keyID := string(g["key_id"].(starlark.String))
	cc, err := srv.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	login := func(secret starlark.Value) (string, error) {
		resp, err := rpcpb.NewAuthServiceClient(cc).Authenticate(context.Background(), &rpcpb.AuthenticateRequest{
			Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: string(secret.(starlark.String))},
		})
		return resp.GetAccessToken(), err
	}
	if _, err := login(g["old_key"]); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("the old secret: %v, want Unauthenticated", err)
	}
	token, err := login(g["new_key"])
	if err != nil {
		t.Fatalf("the new secret: %v", err)
	}
	operator := newHarness(t, &authConn{cc: cc, token: token}, builtins.Options{})
	msg := operator.execErr(`fleet.create_registry_item("x", "module")`)
	if !strings.HasPrefix(msg, "fleet.create_registry_item: PERMISSION_DENIED: ") || !strings.Contains(msg, "write_private_registry_item") {
		t.Fatalf("an operator creates a registry item: %s", msg)
	}
	operator.mustExec(`
items = fleet.list_registry_items()
if [i.item_id for i in items] != ["demo-robotics:pallet-detector"]:
    fail("an operator lists %s, want only the public item" % [i.item_id for i in items])
`)
}

// TestRegistryDryRun: with --dry-run, registry changes and key rotation
// print their requests and send nothing; reads still run.
func TestRegistryDryRun(t *testing.T) {
	h, _ := localHarness(t)
	g := h.mustExec(prelude + `_, KEY_ID = fleet.create_key([{"role": "owner", "resource_type": "organization", "resource_id": org.id}])`)
	h.env.DryRun = true
	h.conn.Calls()
	keyID := string(g["KEY_ID"].(starlark.String))
	h.mustExec(`
if fleet.deprecate_registry_item("demo-robotics:pallet-detector", "old") != None:
    fail("a dry run returns None")
if fleet.get_registry_item("demo-robotics:pallet-detector").deprecated_status != None:
    fail("nothing was written")
if fleet.rotate_key("` + keyID + `") != ("", ""):
    fail("a dry run of rotate_key returns empty strings")
`)
	if calls := h.conn.Calls(); !slices.Equal(calls, []string{"GetRegistryItem"}) {
		t.Errorf("RPCs sent: %v", calls)
	}
	for _, want := range []string{"[dry-run] fleet.deprecate_registry_item: ", "[dry-run] fleet.rotate_key: "} {
		if !strings.Contains(h.out.String(), want) {
			t.Errorf("dry-run output %q lacks %q", h.out.String(), want)
		}
	}
}
