package builtins_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
	commonv1 "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// prelude gives every group script the demo fleet's first organization,
// location, machine and main part, and expect().
const prelude = `
def expect(cond, what):
    if not cond:
        fail("expectation failed: " + what)

org = fleet.list_organizations()[0]
loc = fleet.list_locations()[0]
robot = fleet.list_robots(loc.id)[0]
part = fleet.get_robot_parts(robot.id)[0]
`

// TestMethodsOnLocalFleet exercises every method through Starlark against
// the demo fleet: result shapes, defaults and effects.
func TestMethodsOnLocalFleet(t *testing.T) {
	tests := []struct {
		group  string
		script string
	}{
		{"organizations", `
orgs = fleet.list_organizations()
expect(len(orgs) >= 1 and orgs[0].id != "", "list_organizations returns the organizations")
expect(fleet.org_id == orgs[0].id, "the default org is the first listed")
expect(fleet.get_organization().id == org.id, "get_organization uses the default org")
expect(fleet.get_organization(org_id=org.id).name == org.name, "get_organization(org_id=)")
expect(fleet.get_organization_namespace_availability("a-brand-new-namespace") == True, "free namespace")
expect(fleet.get_organization_namespace_availability(public_namespace=org.public_namespace) == False, "taken namespace")
both = fleet.list_organization_members()
expect(type(both) == "tuple" and len(both) == 2, "list_organization_members returns (members, invites)")
expect(fleet.create_organization_invite("new@example.com") == None, "create_organization_invite returns None")
expect("new@example.com" in [i.email for i in fleet.list_organization_members()[1]], "the invite is listed")
inv = fleet.update_organization_invite_authorizations("new@example.com", add_authorizations=[{
    "authorization_type": "role", "authorization_id": "location_owner", "resource_type": "location",
    "resource_id": loc.id, "organization_id": org.id}])
expect(inv.email == "new@example.com", "update_organization_invite_authorizations returns the invite")
expect(loc.id in [a.resource_id for a in inv.authorizations], "the authorization was added")
expect(fleet.resend_organization_invite("new@example.com") == None, "resend returns None")
expect(fleet.delete_organization_invite("new@example.com") == None, "delete invite returns None")
expect("new@example.com" not in [i.email for i in fleet.list_organization_members()[1]], "the invite is gone")
expect(len(fleet.get_rover_rental_robots()) == 0, "get_rover_rental_robots returns a list (empty locally)")
`},
		{"members", `
members, _ = fleet.list_organization_members()
alice = [m for m in members if "alice@example.com" in m.emails][0]
expect(fleet.delete_organization_member(alice.user_id) == None, "delete_organization_member returns None")
expect(alice.user_id not in [m.user_id for m in fleet.list_organization_members()[0]], "the member is gone")
`},
		{"locations", `
yard = fleet.create_location("Yard")
expect(yard.name == "Yard" and yard.parent_location_id == "", "create_location at the root")
bay = fleet.create_location(name="Bay", parent_location_id=yard.id)
expect(bay.parent_location_id == yard.id, "create_location under a parent")
expect(fleet.get_location(yard.id).name == "Yard", "get_location")
fleet.use(location_id=yard.id)
expect(fleet.get_location().id == yard.id, "get_location uses the default location")
moved = fleet.update_location(bay.id, name="Bay 2")
expect(moved.name == "Bay 2" and moved.parent_location_id == yard.id, "a rename keeps the parent")
top = fleet.update_location(location_id=bay.id, name="", parent_location_id="")
expect(top.name == "Bay 2" and top.parent_location_id == "", "name='' keeps the name, parent='' moves to the top")
expect(["Bay 2", "Yard"] == sorted([l.name for l in fleet.list_locations() if l.name in ("Yard", "Bay 2")]), "list_locations")
auth = fleet.location_auth(yard.id)
expect(auth.location_id == yard.id and len(auth.secrets) >= 1, "location_auth")
more = fleet.create_location_secret()
expect(len(more.secrets) == len(auth.secrets) + 1, "create_location_secret on the default location")
new = [s for s in more.secrets if s.id not in [o.id for o in auth.secrets]][0]
expect(fleet.delete_location_secret(new.id) == None, "delete_location_secret returns None")
expect(len(fleet.location_auth().secrets) == len(auth.secrets), "the secret is gone")
expect(fleet.delete_location(bay.id) == None, "delete_location returns None")
expect(bay.id not in [l.id for l in fleet.list_locations()], "the location is gone")
`},
		{"robots", `
rid = fleet.new_robot("digger", location_id=loc.id)
expect(type(rid) == "string" and rid != "", "new_robot returns the id")
r = fleet.get_robot(rid)
expect(r.name == "digger" and r.location == loc.id, "get_robot")
parts = fleet.get_robot_parts(robot_id=rid)
expect(len(parts) == 1 and parts[0].name == "digger-main" and parts[0].main_part, "a new machine has its main part")
fleet.use(location_id=loc.id)
rid2 = fleet.new_robot(name="scooper")
expect(rid2 in [m.id for m in fleet.list_robots()], "new_robot and list_robots use the default location")
renamed = fleet.update_robot(rid2, "scooper-2")
expect(renamed.name == "scooper-2" and renamed.location == loc.id, "update_robot")
expect(fleet.delete_robot(rid2) == None, "delete_robot returns None")
expect(rid2 not in [m.id for m in fleet.list_robots(loc.id)], "the machine is gone")
`},
		{"parts", `
pid = fleet.new_robot_part(robot.id, "arm")
expect(type(pid) == "string" and pid != "", "new_robot_part returns the id")
p = fleet.get_robot_part(pid)
expect(p.name == "arm" and not p.main_part, "get_robot_part")
cfg = {"components": [{"name": "arm1", "type": "arm", "attributes": {"speed": 3, "ratio": 0.5}}]}
updated = fleet.update_robot_part(pid, "arm", robot_config=cfg)
expect(updated.robot_config == cfg, "the config round-trips, ints as ints")
kept = fleet.update_robot_part(robot_part_id=pid, name="arm-2")
expect(kept.name == "arm-2" and kept.robot_config == cfg, "robot_config=None keeps the config")
fleet.get_robot_part(pid, dest="arm.json", indent=2)
history = fleet.get_robot_part_history(pid)
expect(len(history) >= 1 and history[0].part == pid, "get_robot_part_history")
expect(fleet.mark_part_as_main(pid) == None, "mark_part_as_main returns None")
expect(fleet.get_robot_part(pid).main_part and not fleet.get_robot_part(part.id).main_part, "the main part moved")
expect(fleet.mark_part_for_restart(pid) == None, "mark_part_for_restart returns None")
before = [s.id for s in fleet.get_robot_part(pid).secrets]
with_secret = fleet.create_robot_part_secret(pid)
expect(len(with_secret.secrets) == len(before) + 1, "create_robot_part_secret returns the part with the secret")
new = [s for s in with_secret.secrets if s.id not in before][0]
expect(fleet.delete_robot_part_secret(pid, new.id) == None, "delete_robot_part_secret returns None")
fleet.mark_part_as_main(part.id)
expect(fleet.delete_robot_part(pid) == None, "delete_robot_part returns None")
expect(pid not in [x.id for x in fleet.get_robot_parts(robot.id)], "the part is gone")
`},
		{"fragments", `
f = fleet.create_fragment("base", config={"components": [], "version": 2})
expect(f.name == "base" and f.fragment == {"components": [], "version": 2}, "create_fragment")
expect(fleet.get_fragment(f.id).name == "base", "get_fragment")
u = fleet.update_fragment(f.id, "base-2", config={"components": [{"name": "c"}]}, public=True)
expect(u.name == "base-2" and u.public and u.fragment["components"][0]["name"] == "c", "update_fragment")
expect(fleet.update_fragment(f.id, "base-3").public, "public=None keeps the visibility")
expect(f.id in [x.id for x in fleet.list_fragments()], "list_fragments() shows public fragments")
private = fleet.create_fragment(name="secret-sauce")
expect(private.id in [x.id for x in fleet.list_fragments(show_public=False)], "list_fragments(show_public=False)")
expect(fleet.delete_fragment(f.id) == None, "delete_fragment returns None")
`},
		{"roles and keys", `
key, key_id = fleet.create_key([{"role": "owner", "resource_type": "robot", "resource_id": robot.id}], "ci")
expect(type(key) == "string" and key != "" and type(key_id) == "string" and key_id != "", "create_key returns (key, id)")
expect(key_id in [k.api_key.id for k in fleet.list_keys()], "list_keys")
key2, id2 = fleet.create_key_from_existing_key_authorizations(key_id)
expect(key2 != key and id2 != key_id, "create_key_from_existing_key_authorizations returns a new (key, id)")
expect(fleet.add_role(key_id, "operator", "location", loc.id) == None, "add_role returns None")
granted = [a for a in fleet.list_authorizations(resource_ids=[loc.id]) if a.identity_id == key_id]
expect([a.authorization_id for a in granted] == ["location_operator"], "add_role builds <resource_type>_<role>")
expect(fleet.remove_role(identity_id=key_id, role="operator", resource_type="location", resource_id=loc.id) == None, "remove_role")
expect(key_id not in [a.identity_id for a in fleet.list_authorizations(resource_ids=[loc.id])], "the role is gone")
perms = fleet.check_permissions([{"resource_type": "organization", "resource_id": org.id,
                                  "permissions": ["read_organization", "write_organization"]}])
expect(len(perms) == 1 and "read_organization" in perms[0].permissions, "check_permissions")
`},
		{"modules", `
module_id, url = fleet.create_module("nav")
expect(module_id.endswith(":nav") and type(url) == "string", "create_module returns (module_id, url)")
page = fleet.update_module(module_id, "https://example.com/nav", "Navigation",
                           models=[{"api": "rdk:service:navigation", "model": "demo:nav:simple"}], entrypoint="bin/nav")
expect(type(page) == "string", "update_module returns the url")
m = fleet.get_module(module_id)
expect(m.description == "Navigation" and m.entrypoint == "bin/nav" and m.models[0].model == "demo:nav:simple", "get_module")
file_url = fleet.upload_module_file({"module_id": module_id, "version": "1.0.0", "platform": "linux/amd64"}, b"not really a tarball")
expect(type(file_url) == "string", "upload_module_file returns the url")
fleet.upload_module_file(module_file_info={"module_id": module_id, "version": "1.0.1", "platform": "linux/arm64"}, path="nav.tar.gz")
expect(["1.0.0", "1.0.1"] == [v.version for v in fleet.get_module(module_id).versions], "both uploads are versions")
expect(module_id in [x.module_id for x in fleet.list_modules()], "list_modules")
`},
	}
	for _, tt := range tests {
		t.Run(tt.group, func(t *testing.T) {
			fx := localfleet.DemoFixture()
			fx.Organizations[0].Members = append(fx.Organizations[0].Members, localfleet.FixtureMember{
				Email: "alice@example.com", Grants: []localfleet.FixtureGrant{{Role: "operator", Resource: "organization"}},
			})
			_, conn := localFleet(t, localfleet.Options{Fixture: fx})
			h := newHarness(t, conn, builtins.Options{})
			if err := os.WriteFile(filepath.Join(h.readDir, "nav.tar.gz"), []byte("tarball bytes"), 0o644); err != nil {
				t.Fatal(err)
			}
			h.mustExec(prelude + tt.script)
		})
	}
}

// TestPartConfigDest checks the file get_robot_part(dest=) writes.
func TestPartConfigDest(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude + `
fleet.update_robot_part(part.id, part.name, robot_config={"components": [{"name": "cam", "attributes": {"fps": 30}}]})
fleet.get_robot_part(part.id, dest="backup/../main.json")
`)
	got, err := os.ReadFile(filepath.Join(h.writeDir, "main.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n    \"components\": [\n        {\n            \"attributes\": {\n                \"fps\": 30\n            },\n            \"name\": \"cam\"\n        }\n    ]\n}"
	if !strings.Contains(string(got), `"fps": 30`) || !strings.HasPrefix(string(got), "{\n    \"components\": [\n        {\n") {
		t.Errorf("config file:\n%s\nwant the layout of\n%s", got, want)
	}
}

// TestLogsOnLocalFleet: paging to the requested count, levels, filter, dest.
func TestLogsOnLocalFleet(t *testing.T) {
	h, srv := localHarness(t)
	g := h.mustExec(prelude + `
rid = fleet.new_robot("logger", location_id=loc.id)
pid = fleet.get_robot_parts(rid)[0].id
`)
	pid := string(g["pid"].(starlark.String))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var entries []*commonv1.LogEntry
	for i := range 250 {
		level := "info"
		if i%2 == 0 {
			level = "error"
		}
		msg := fmt.Sprintf("line %03d", i)
		if i%50 == 0 {
			msg += " needle"
		}
		caller, _ := structpb.NewStruct(map[string]any{"File": "robot/impl.go", "Line": i})
		entries = append(entries, &commonv1.LogEntry{
			Level: level, Time: timestamppb.New(base.Add(time.Duration(i) * time.Second)),
			LoggerName: "rdk.impl", Message: msg, Caller: caller,
		})
	}
	if err := srv.AppendLogs(context.Background(), pid, entries...); err != nil {
		t.Fatal(err)
	}
	h.mustExec(prelude + `
pid = "` + pid + `"
logs = fleet.get_robot_part_logs(pid)
expect(len(logs) == 100 and all([e.level == "error" for e in logs]), "default: 100 error entries")
expect(len(fleet.get_robot_part_logs(pid, num_log_entries=0)) == 125, "0 means all errors")
everything = fleet.get_robot_part_logs(pid, errors_only=False, num_log_entries=0)
expect(len(everything) == 250, "errors_only=False: every level, every page")
expect(len(fleet.get_robot_part_logs(pid, errors_only=False, num_log_entries=150)) == 150, "stops at the count")
infos = fleet.get_robot_part_logs(pid, log_levels=["info"], num_log_entries=0)
expect(len(infos) == 125 and all([e.level == "info" for e in infos]), "log_levels wins over errors_only")
needles = fleet.get_robot_part_logs(pid, filter="needle", errors_only=False, num_log_entries=0)
expect(len(needles) == 5, "filter")
fleet.get_robot_part_logs(pid, num_log_entries=3, dest="logs.txt")
`)
	data, err := os.ReadFile(filepath.Join(h.writeDir, "logs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	line := regexp.MustCompile(`^2026-01-01 00:0\d:\d\d\tERROR\trdk\trobot/impl\.go:\d+ +line \d{3}( needle)?$`)
	if len(lines) != 3 {
		t.Fatalf("%d lines in dest, want 3:\n%s", len(lines), data)
	}
	for _, l := range lines {
		if !line.MatchString(l) || len(strings.Split(l, "\t")[3]) < 64 {
			t.Errorf("dest line %q is not in the Python SDK layout", l)
		}
	}
}

// TestTailOnLocalFleet: batches arrive while logs are appended; limit ends
// the iteration.
func TestTailOnLocalFleet(t *testing.T) {
	h, srv := localHarness(t)
	pid := string(h.mustExec(prelude + "pid = part.id")["pid"].(starlark.String))
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() { // keep logs coming until the script has its batches
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				srv.AppendLogs(context.Background(), pid, &commonv1.LogEntry{Level: "error", Message: "tick", Time: timestamppb.Now()})
			}
		}
	}()
	g, err := h.exec(prelude + `
sizes = []
for batch in fleet.tail_robot_part_logs(part.id, limit=2, timeout=60):  # timeout: fail, never hang
    sizes.append(len(batch))
    expect(batch[0].message == "tick", "batches hold log entries")
`)
	close(stop)
	<-stopped
	if err != nil {
		t.Fatal(err)
	}
	sizes := g["sizes"].(*starlark.List)
	if sizes.Len() != 2 {
		t.Errorf("%d batches, want limit=2", sizes.Len())
	}
}
