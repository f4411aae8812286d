package builtins_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc/codes"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// TestOrgAdminAndMetadataOnLocalFleet exercises the organization admin and
// metadata methods through Starlark on the demo fleet: result shapes,
// defaults and effects.
func TestOrgAdminAndMetadataOnLocalFleet(t *testing.T) {
	tests := []struct {
		name   string
		script string
	}{
		{"metadata", `
for get, update, args in [
    (fleet.get_organization_metadata, fleet.update_organization_metadata, []),
    (fleet.get_location_metadata, fleet.update_location_metadata, [loc.id]),
    (fleet.get_robot_metadata, fleet.update_robot_metadata, [robot.id]),
    (fleet.get_robot_part_metadata, fleet.update_robot_part_metadata, [part.id]),
]:
    expect(get(*args) == {}, "no metadata reads as {}")
    md = {"site": "north", "shelves": 12, "ratio": 0.5, "tags": ["cold", 3], "contact": {"name": "Ana"}, "spare": None}
    if args:
        expect(update(args[0], md) == None, "update returns None")
    else:
        expect(update(md) == None, "update returns None")
    got = get(*args)
    expect(type(got) == "dict" and got == md, "metadata round-trips, ints as ints")
    got["site"] = "south"   # a plain mutable dict
    got.pop("spare")
    if args:
        update(args[0], metadata=got)
    else:
        update(metadata=got)
    expect(get(*args) == {"site": "south", "shelves": 12, "ratio": 0.5, "tags": ["cold", 3], "contact": {"name": "Ana"}}, "the update replaced it whole")
expect(fleet.get_organization_metadata(org_id=org.id)["site"] == "south", "org_id= names the organization")
fleet.update_organization_metadata({}, org_id=org.id)
expect(fleet.get_organization_metadata() == {}, "{} clears it")
expect(fleet.get_robot_metadata(robot_id=robot.id)["shelves"] == 12, "keyword robot_id")
expect(fleet.get_robot_part_metadata(robot_part_id=part.id)["shelves"] == 12, "keyword robot_part_id")
expect(fleet.get_location_metadata(location_id=loc.id)["shelves"] == 12, "keyword location_id")
`},
		{"users and searches", `
uid = fleet.get_user_id_by_email("maria.lopez@demo-robotics.example")
members, _ = fleet.list_organization_members()
expect(uid in [m.user_id for m in members if "maria.lopez@demo-robotics.example" in m.emails], "get_user_id_by_email returns the member's id")
orgs = fleet.list_organizations_by_user(uid)
expect(len(orgs) == 1 and orgs[0].org_id == org.id and orgs[0].org_name == org.name, "list_organizations_by_user returns OrgDetails")
expect(orgs[0].public_namespace == "demo-robotics" and orgs[0].org_cid == None, "optional fields: set or None")
found = fleet.search_organizations()
expect([o.org_id for o in found] == [org.id], "search_organizations() searches every readable organization, not only the default")
expect(len(fleet.search_organizations(org_name="robotics")) == 1, "org_name matches a substring")
expect(len(fleet.search_organizations(org_name="nothing like it")) == 0, "no match: an empty list")
expect(len(fleet.search_organizations(public_namespace="demo-robotics", org_id=org.id)) == 1, "filters combine")
ids = fleet.get_organizations_with_access_to_location(loc.id)
expect([(i.id, i.name) for i in ids] == [(org.id, org.name)], "get_organizations_with_access_to_location lists the owner")
`},
		{"update organization", `
o = fleet.update_organization(region="us-central1", cid="crm-1")
expect(o.id == org.id and o.name == org.name and o.default_region == "us-central1" and o.cid == "crm-1", "update_organization changes only what is given, in the default org")
o = fleet.update_organization(name="Demo Robotics 2")
expect(o.name == "Demo Robotics 2" and o.cid == "crm-1" and o.public_namespace == "demo-robotics", "the rest is kept")
frag = [f for f in fleet.list_fragments() if f.name == "warehouse-base"][0]
o = fleet.update_organization(default_fragments=[{"fragment_id": frag.id, "version": "1", "prefix": "base"}],
                              allowed_login_methods=["LOGIN_METHOD_GITHUB"])
expect(o.default_fragments.fragments[0].fragment_id == frag.id and o.default_fragments.fragments[0].prefix == "base", "default_fragments is a list of dicts")
expect(list(o.allowed_login_methods.methods) == ["LOGIN_METHOD_GITHUB"], "allowed_login_methods takes enum names")
again = fleet.update_organization(default_fragments=o.default_fragments.fragments, allowed_login_methods=["password", "google"])
expect(again.default_fragments == o.default_fragments, "values a call returned go back in")
expect(list(again.allowed_login_methods.methods) == ["LOGIN_METHOD_PASSWORD", "LOGIN_METHOD_GOOGLE"], "short enum names")
expect(fleet.update_organization(default_fragments=[]).default_fragments == None, "[] clears the default fragments")
expect(fleet.get_organization().default_region == "us-central1", "get_organization shows the settings")
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := localHarness(t)
			h.mustExec(prelude + tt.script)
		})
	}
}

// TestNamespaceAndDeleteOnLocalFleet works on a second organization, made
// through the gRPC client since the fleet module has no create_organization
// in this group.
func TestNamespaceAndDeleteOnLocalFleet(t *testing.T) {
	_, conn := localFleet(t, localfleet.Options{})
	h := newHarness(t, conn, builtins.Options{})
	scratch := scratchOrganization(t, conn, "Scratch")
	h.mustExec(prelude + `
SCRATCH = "` + scratch + `"
o = fleet.update_organization(public_namespace="scratch", org_id=SCRATCH)
expect(o.public_namespace == "scratch", "update_organization sets the first namespace")
o = fleet.update_organization_namespace("scratch-2", org_id=SCRATCH)
expect(o.id == SCRATCH and o.public_namespace == "scratch-2", "update_organization_namespace returns the organization")
expect(fleet.update_organization_namespace(new_public_namespace="scratch-2", org_id=SCRATCH).public_namespace == "scratch-2", "the same namespace again is fine")
fleet.update_organization_metadata({"doomed": True}, org_id=SCRATCH)
expect(fleet.delete_organization(org_id=SCRATCH) == None, "delete_organization returns None")
expect(SCRATCH not in [x.id for x in fleet.list_organizations()], "the organization is gone")
expect(fleet.get_organization().id == org.id, "the default organization is untouched")
`)
}

// scratchOrganization makes an organization owned by the connection's key
// (create_organization is not a method of this group).
func scratchOrganization(t *testing.T, conn *authConn, name string) string {
	t.Helper()
	resp, err := appv1.NewAppServiceClient(conn).CreateOrganization(t.Context(), &appv1.CreateOrganizationRequest{Name: name})
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	return resp.GetOrganization().GetId()
}

// TestOrgAdminAndMetadataErrors: what the server refuses comes back as
// `fleet.METHOD: CODE: message`.
func TestOrgAdminAndMetadataErrors(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude)
	tests := []struct {
		method, call string
		code         codes.Code
	}{
		{"get_user_id_by_email", `fleet.get_user_id_by_email("nobody@example.com")`, codes.NotFound},
		{"get_organizations_with_access_to_location", `fleet.get_organizations_with_access_to_location("nosuchloc0")`, codes.NotFound},
		{"list_organizations_by_user", `fleet.list_organizations_by_user(MISSING)`, codes.NotFound},
		{"search_organizations", `fleet.search_organizations(org_id="not-a-uuid")`, codes.InvalidArgument},
		{"update_organization", `fleet.update_organization(public_namespace="other")`, codes.FailedPrecondition},
		{"update_organization_namespace", `fleet.update_organization_namespace("demo-2")`, codes.FailedPrecondition},
		{"delete_organization", `fleet.delete_organization(org_id=MISSING)`, codes.NotFound},
		{"get_organization_metadata", `fleet.get_organization_metadata(org_id=MISSING)`, codes.NotFound},
		{"update_organization_metadata", `fleet.update_organization_metadata({}, org_id=MISSING)`, codes.NotFound},
		{"get_location_metadata", `fleet.get_location_metadata("nosuchloc0")`, codes.NotFound},
		{"update_location_metadata", `fleet.update_location_metadata("nosuchloc0", {})`, codes.NotFound},
		{"get_robot_metadata", `fleet.get_robot_metadata(MISSING)`, codes.NotFound},
		{"update_robot_metadata", `fleet.update_robot_metadata(MISSING, {})`, codes.NotFound},
		{"get_robot_part_metadata", `fleet.get_robot_part_metadata("not-a-part")`, codes.InvalidArgument},
		{"update_robot_part_metadata", `fleet.update_robot_part_metadata(MISSING, {})`, codes.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			_, err := h.exec(prelude + "MISSING = \"00000000-0000-4000-8000-000000000000\"\n" + tt.call)
			wantFleetError(t, err, tt.method, tt.code)
		})
	}
}

func wantFleetError(t *testing.T, err error, method string, code codes.Code) {
	t.Helper()
	var rpcErr *builtins.RPCError
	if !errors.As(err, &rpcErr) {
		t.Fatalf("error %v (%T), want an *RPCError", err, err)
	}
	if rpcErr.Code() != code {
		t.Errorf("code %v, want %v (%v)", rpcErr.Code(), code, err)
	}
	if want := regexp.MustCompile(`fleet\.` + method + `: [A-Z_]+: \S`); !want.MatchString(err.Error()) {
		t.Errorf("error %q, want `fleet.%s: CODE: message`", err, method)
	}
}

// TestMetadataBadArguments: a value a Struct cannot hold fails before any
// call, naming the argument.
func TestMetadataBadArguments(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude)
	h.conn.Calls()
	for _, call := range []string{
		`fleet.update_robot_metadata(robot.id, {"when": time.now()})`,
		`fleet.update_robot_metadata(robot.id, {1: "x"})`,
		`fleet.update_robot_metadata(robot.id, ["not", "a", "dict"])`,
		`fleet.update_organization(default_fragments=[{"fragment": "x"}])`,
		`fleet.update_organization(allowed_login_methods=["LOGIN_METHOD_TELEPATHY"])`,
	} {
		msg := h.execErr(prelude + call)
		name := call[len("fleet."):strings.Index(call, "(")]
		if !strings.HasPrefix(msg, "fleet."+name+": ") {
			t.Errorf("%s: error %q does not name the method", call, msg)
		}
	}
	for _, c := range h.conn.Calls() {
		if strings.Contains(c, "Update") {
			t.Errorf("an update was sent: %v", c)
		}
	}
}

// TestMetadataRoleCheck: an operator reads a machine's metadata but cannot
// replace it.
func TestMetadataRoleCheck(t *testing.T) {
	_, conn := localFleet(t, localfleet.Options{})
	owner := newHarness(t, conn, builtins.Options{})
	g := owner.mustExec(prelude + `
fleet.update_robot_metadata(robot.id, {"zone": "A"})
key, key_id = fleet.create_key([{"role": "operator", "resource_type": "robot", "resource_id": robot.id}], "operator")
ROBOT = robot.id
`)
	opConn := connAsKey(t, conn, string(g["key_id"].(starlark.String)), string(g["key"].(starlark.String)))
	op := newHarness(t, opConn, builtins.Options{})
	robot := string(g["ROBOT"].(starlark.String))
	op.mustExec(`
if fleet.get_robot_metadata("` + robot + `") != {"zone": "A"}:
    fail("an operator reads metadata")
`)
	_, err := op.exec(`fleet.update_robot_metadata("` + robot + `", {"zone": "B"})`)
	wantFleetError(t, err, "update_robot_metadata", codes.PermissionDenied)
	if !strings.Contains(err.Error(), "write_robot") {
		t.Errorf("error %q does not name the permission", err)
	}
}

// connAsKey logs in with another key on the same fleet.
func connAsKey(t *testing.T, conn *authConn, keyID, key string) *authConn {
	t.Helper()
	resp, err := rpcpb.NewAuthServiceClient(conn.cc).Authenticate(t.Context(), &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		t.Fatalf("authenticate %s: %v", keyID, err)
	}
	return &authConn{cc: conn.cc, token: resp.GetAccessToken()}
}

// orgAdminAndMetadataSignatures pins this group's methods: the Python
// SDK's names and order, with org_id last where the default organization
// stands in.
var orgAdminAndMetadataSignatures = map[string]string{
	"get_user_id_by_email":                      "fleet.get_user_id_by_email(email) -> string",
	"get_organizations_with_access_to_location": "fleet.get_organizations_with_access_to_location(location_id) -> list of OrganizationIdentity",
	"list_organizations_by_user":                "fleet.list_organizations_by_user(user_id) -> list of OrgDetails",
	"search_organizations":                      "fleet.search_organizations(org_id=None, org_name=None, cid=None, public_namespace=None) -> list of OrgDetails",
	"update_organization":                       "fleet.update_organization(name=None, public_namespace=None, region=None, cid=None, default_fragments=None, allowed_login_methods=None, org_id=None) -> Organization",
	"update_organization_namespace":             "fleet.update_organization_namespace(new_public_namespace, org_id=None) -> Organization",
	"delete_organization":                       "fleet.delete_organization(org_id) -> None",
	"get_organization_metadata":                 "fleet.get_organization_metadata(org_id=None) -> dict",
	"update_organization_metadata":              "fleet.update_organization_metadata(metadata, org_id=None) -> None",
	"get_location_metadata":                     "fleet.get_location_metadata(location_id) -> dict",
	"update_location_metadata":                  "fleet.update_location_metadata(location_id, metadata) -> None",
	"get_robot_metadata":                        "fleet.get_robot_metadata(robot_id) -> dict",
	"update_robot_metadata":                     "fleet.update_robot_metadata(robot_id, metadata) -> None",
	"get_robot_part_metadata":                   "fleet.get_robot_part_metadata(robot_part_id) -> dict",
	"update_robot_part_metadata":                "fleet.update_robot_part_metadata(robot_part_id, metadata) -> None",
}

func TestOrgAdminAndMetadataSignatures(t *testing.T) {
	checkSignatures(t, orgAdminAndMetadataSignatures)
	for _, m := range builtins.Methods() {
		if _, ours := orgAdminAndMetadataSignatures[m.Name]; ours &&
			m.Mutates != (strings.HasPrefix(m.Name, "update_") || strings.HasPrefix(m.Name, "delete_")) {
			t.Errorf("fleet.%s: Mutates = %v", m.Name, m.Mutates)
		}
	}
}

// TestMetadataDryRun: with --dry-run an update prints its request and sends
// nothing; reads still run.
func TestMetadataDryRun(t *testing.T) {
	h, _ := localHarness(t)
	g := h.mustExec(prelude + "ROBOT = robot.id\n")
	h.env.DryRun = true
	h.conn.Calls()
	robot := string(g["ROBOT"].(starlark.String))
	h.mustExec(`
if fleet.update_robot_metadata("` + robot + `", {"zone": "A"}) != None:
    fail("a dry run returns None")
if fleet.get_robot_metadata("` + robot + `") != {}:
    fail("nothing was written")
`)
	if calls := h.conn.Calls(); !slices.Equal(calls, []string{"GetRobotMetadata"}) {
		t.Errorf("RPCs sent: %v", calls)
	}
	if out := h.out.String(); !strings.Contains(out, "[dry-run] fleet.update_robot_metadata: ") || !strings.Contains(out, "zone") {
		t.Errorf("dry-run output %q", out)
	}
}
