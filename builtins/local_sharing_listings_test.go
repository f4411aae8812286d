package builtins_test

import (
	"context"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// roleHarness runs scripts as a new API key holding one role, made by the
// owner harness h; the harness's default org is the demo organization.
func roleHarness(t *testing.T, srv *localfleet.Server, h *harness, role, resourceType, resourceExpr string) *harness {
	t.Helper()
	g := h.mustExec(prelude + `key, key_id = fleet.create_key([{"role": "` + role + `", "resource_type": "` + resourceType +
		`", "resource_id": ` + resourceExpr + `}])
org_id = org.id`)
	ctx := context.Background()
	cc, err := srv.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	resp, err := rpcpb.NewAuthServiceClient(cc).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity:      string(g["key_id"].(starlark.String)),
		Credentials: &rpcpb.Credentials{Type: "api-key", Payload: string(g["key"].(starlark.String))},
	})
	if err != nil {
		t.Fatal(err)
	}
	return newHarness(t, &authConn{cc: cc, token: resp.GetAccessToken()}, builtins.Options{OrgID: string(g["org_id"].(starlark.String))})
}

// wantRPCError runs src and checks the error names the method and code.
func wantRPCError(t *testing.T, h *harness, src, method, code string) {
	t.Helper()
	msg := h.execErr(src)
	if !strings.Contains(msg, "fleet."+method+": "+code+": ") {
		t.Errorf("error %q, want fleet.%s: %s: ...", msg, method, code)
	}
}

// partnerOrg creates a second organization over conn (fleet.create_organization
// belongs to another group of methods) and returns its id.
func partnerOrg(t *testing.T, conn *authConn) string {
	t.Helper()
	resp, err := appv1.NewAppServiceClient(conn).CreateOrganization(context.Background(), &appv1.CreateOrganizationRequest{Name: "Partner"})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Organization.Id
}

func TestSharingOnLocalFleet(t *testing.T) {
	srv, conn := localFleet(t, localfleet.Options{})
	h := newHarness(t, conn, builtins.Options{})
	h.mustExec(prelude + `
partner_id = "` + partnerOrg(t, conn) + `"
lab = [l for l in fleet.list_locations() if l.name == "Lab"][0]
expect(fleet.share_location(partner_id, lab.id) == None, "share_location(organization_id, location_id) returns None")
orgs = {o.organization_id: o.primary for o in fleet.get_location(lab.id).organizations}
expect(orgs == {org.id: True, partner_id: False}, "get_location lists both organizations, the owner primary")
expect([l.id for l in fleet.list_locations(org_id=partner_id)] == [lab.id], "list_locations of the partner lists the shared location")
expect(len(fleet.list_robots_for_org(org_id=partner_id)) == 3, "the partner sees its machines")
expect(fleet.unshare_location(organization_id=partner_id, location_id=lab.id) == None, "unshare_location returns None")
expect(len(fleet.list_locations(org_id=partner_id)) == 0, "unshared")
`)
	wantRPCError(t, h, prelude+`fleet.unshare_location(org.id, loc.id)`, "unshare_location", "FAILED_PRECONDITION")
	wantRPCError(t, h, prelude+`fleet.share_location("00000000-0000-4000-8000-000000000000", loc.id)`, "share_location", "NOT_FOUND")
	op := roleHarness(t, srv, h, "operator", "organization", "org.id")
	wantRPCError(t, op, prelude+`fleet.share_location("`+partnerOrg(t, conn)+`", loc.id)`, "share_location", "PERMISSION_DENIED")
}

func TestMachineListingsOnLocalFleet(t *testing.T) {
	h, srv := localHarness(t)
	h.mustExec(prelude + `
p = fleet.get_robot_part_by_name_and_location(part.name, robot.location)
expect(p.id == part.id and p.robot_config != None, "get_robot_part_by_name_and_location")
fleet.use(location_id=robot.location)
expect(fleet.get_robot_part_by_name_and_location(name=part.name).id == part.id, "location_id defaults to the fleet's location")

expect(len(fleet.get_robot_api_keys(robot.id)) == 0, "no machine keys yet")
key, key_id = fleet.create_key([{"role": "owner", "resource_type": "robot", "resource_id": robot.id}])
keys = fleet.get_robot_api_keys(robot_id=robot.id)
expect([k.api_key.id for k in keys] == [key_id] and keys[0].api_key.key == "", "get_robot_api_keys lists the machine's key without its secret")
expect([a.authorization_id for a in keys[0].authorizations] == ["robot_owner"], "with its authorizations")

locs = fleet.list_locations()
both = fleet.list_robots_for_locations([locs[1].id, locs[0].id])
expect([r.id for r in both] == [r.id for r in fleet.list_robots(locs[1].id) + fleet.list_robots(locs[0].id)], "list_robots_for_locations in the order asked")
expect(len(fleet.list_robots_for_locations(location_ids=[])) == 0, "no locations, no machines")
everything = fleet.list_robots_for_org()
expect(len(everything) == 12 and type(everything[0].name) == "string", "list_robots_for_org defaults to the fleet's organization")

summaries = fleet.list_machine_summaries()
expect(len(summaries) == 5 and summaries[0].location_name == loc.name, "list_machine_summaries per location")
m = summaries[0].machine_summaries[0]
expect(m.machine_name == robot.name and m.part_summaries[0].part_id == part.id and m.part_summaries[0].is_main_part, "machine and part summaries")
expect([len(s.machine_summaries) for s in fleet.list_machine_summaries(limit=4)] == [2, 2], "limit")
expect(len(fleet.list_machine_summaries(org_id="", location_ids=[loc.id])) == 1, "org_id='' covers every organization; location filter")
`)
	wantRPCError(t, h, prelude+`fleet.get_robot_part_by_name_and_location("nope", loc.id)`, "get_robot_part_by_name_and_location", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.get_robot_api_keys("00000000-0000-4000-8000-000000000000")`, "get_robot_api_keys", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.list_robots_for_locations(["zzzzzzzzzz"])`, "list_robots_for_locations", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.list_robots_for_org(org_id="00000000-0000-4000-8000-000000000000")`, "list_robots_for_org", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.list_machine_summaries(limit=-1)`, "list_machine_summaries", "INVALID_ARGUMENT")
	if msg := h.execErr(`fleet.list_machine_summaries(limit="x")`); !strings.Contains(msg, "fleet.list_machine_summaries: limit") {
		t.Errorf("bad limit: %q", msg)
	}

	op := roleHarness(t, srv, h, "operator", "organization", "org.id")
	op.mustExec(prelude + `expect(len(fleet.list_robots_for_org()) == 12, "an operator lists machines")`)
	wantRPCError(t, op, prelude+`fleet.get_robot_api_keys(robot.id)`, "get_robot_api_keys", "PERMISSION_DENIED")
}

func TestChangeRoleOnLocalFleet(t *testing.T) {
	h, srv := localHarness(t)
	h.mustExec(prelude + `
key, key_id = fleet.create_key([{"role": "operator", "resource_type": "location", "resource_id": loc.id}])
expect(fleet.change_role(key_id, "operator", "location", loc.id, key_id, "owner", "robot", robot.id) == None, "change_role returns None")
expect([a.authorization_id for a in fleet.list_authorizations() if a.identity_id == key_id] == ["robot_owner"], "the role changed")
`)
	wantRPCError(t, h, prelude+`
key, key_id = fleet.create_key([{"role": "operator", "resource_type": "location", "resource_id": loc.id}])
fleet.change_role(key_id, "owner", "location", loc.id, key_id, "owner", "robot", robot.id)`, "change_role", "NOT_FOUND")
	if msg := h.execErr(`fleet.change_role("a", "admin", "location", "l", "a", "owner", "location", "l")`); !strings.Contains(msg, "fleet.change_role: old_role: want one of") {
		t.Errorf("bad role: %q", msg)
	}
	op := roleHarness(t, srv, h, "operator", "organization", "org.id")
	wantRPCError(t, op, prelude+`
fleet.change_role("00000000-0000-4000-8000-000000000000", "owner", "location", loc.id, "00000000-0000-4000-8000-000000000000", "operator", "location", loc.id)`,
		"change_role", "PERMISSION_DENIED")
}
