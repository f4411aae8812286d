package builtins_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/stdlib"
)

func TestArgumentErrorsSendNoRPC(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	tests := []struct {
		call, want string
	}{
		{`fleet.get_robot(1)`, `fleet.get_robot: robot_id: want string, got int`},
		{`fleet.get_robot()`, `fleet.get_robot: missing argument robot_id`},
		{`fleet.get_robot(robotid="r1")`, `fleet.get_robot: unexpected keyword argument "robotid" (did you mean "robot_id"?)`},
		{`fleet.get_robot(zzzzzzzzz="r1")`, `fleet.get_robot: unexpected keyword argument "zzzzzzzzz"`},
		{`fleet.get_robot("")`, `fleet.get_robot: robot_id: must not be empty`},
		{`fleet.get_robot("a", "b")`, `fleet.get_robot: got 2 positional arguments, want at most 1`},
		{`fleet.get_robot("a", robot_id="b")`, `fleet.get_robot: got multiple values for argument robot_id`},
		{`fleet.list_authorizations(resource_ids=["a", 2])`, `fleet.list_authorizations: resource_ids[1]: want string, got int`},
		{`fleet.list_authorizations(resource_ids="abc")`, `fleet.list_authorizations: resource_ids: want list of strings, got string`},
		{`fleet.list_robots()`, `fleet.list_robots: location_id: not given and no default location (pass location_id= or call fleet.use(location_id=...))`},
		{`fleet.get_robot_part_logs("p", num_log_entries=-1)`, `fleet.get_robot_part_logs: num_log_entries: must not be negative, got -1`},
		{`fleet.get_robot_part_logs("p", order="sideways")`, `fleet.get_robot_part_logs: order: want "ascending" or "descending", got "sideways"`},
		{`fleet.get_robot_part("p", indent=-2)`, `fleet.get_robot_part: indent: must not be negative, got -2`},
		{`fleet.add_role("u", "admin", "robot", "r1")`, `fleet.add_role: role: want one of ["owner" "operator"], got "admin"`},
		{`fleet.add_role("u", "owner", "planet", "r1")`, `fleet.add_role: resource_type: want one of ["organization" "location" "robot"], got "planet"`},
		{`fleet.create_key([{"role": "owner", "resource_typ": "robot", "resource_id": "r"}])`,
			`fleet.create_key: authorizations[0]: unknown key "resource_typ" (did you mean "resource_type"?)`},
		{`fleet.create_key([{"role": "owner", "resource_type": "robot"}])`, `fleet.create_key: authorizations[0]: missing key "resource_id"`},
		{`fleet.create_key([{"role": "admin", "resource_type": "robot", "resource_id": "r"}])`,
			`fleet.create_key: authorizations[0].role: want one of ["owner" "operator"], got "admin"`},
		{`fleet.create_key([{"role": "owner", "resource_type": "robot", "resource_id": ""}])`,
			`fleet.create_key: authorizations[0].resource_id: must not be empty`},
		{`fleet.create_key("owner")`, `fleet.create_key: authorizations: want list of dicts, got string`},
		{`fleet.create_key(["owner"])`, `fleet.create_key: authorizations[0]: want dict, got string`},
		{`fleet.check_permissions([{"resource_type": "robot", "resource_idd": "r"}])`, `fleet.check_permissions: permissions[0]`},
		{`fleet.upload_module_file({"module_id": "m"})`, `fleet.upload_module_file: want exactly one of file (bytes) or path (a file under the read root)`},
		{`fleet.upload_module_file(file=b"x")`, `fleet.upload_module_file: missing argument module_file_info`},
		{`fleet.upload_module_file(None, file=b"x")`, `fleet.upload_module_file: module_file_info: must not be None`},
		{`fleet.tail_robot_part_logs("p", limit=0)`, `fleet.tail_robot_part_logs: limit: must be positive, got 0`},
		{`fleet.tail_robot_part_logs("p", timeout="soon")`, `fleet.tail_robot_part_logs: timeout: want seconds (int, float or time.duration), got string`},
		{`fleet.use(org_id="")`, `fleet.use: org_id: must not be empty`},
		{`fleet.use(location_id=3)`, `fleet.use: location_id: want string, got int`},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			got := h.execErr(tt.call)
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			_, err := h.exec(tt.call)
			if code := status.Code(errors.Unwrap(err)); !strings.HasPrefix(tt.call, "fleet.use") && code != codes.InvalidArgument {
				t.Errorf("status code %v, want InvalidArgument (what catch() reports)", code)
			}
			if calls := h.conn.Calls(); len(calls) != 0 {
				t.Errorf("RPCs sent for a bad call: %v", calls)
			}
		})
	}
}

func TestRPCError(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	_, err := h.exec(`fleet.get_robot("abc")`)
	if err == nil {
		t.Fatal("want an error")
	}
	var rpcErr *builtins.RPCError
	if !errors.As(err, &rpcErr) {
		t.Fatalf("error %T is not an *RPCError: %v", err, err)
	}
	if got, want := rpcErr.Error(), `fleet.get_robot: NOT_FOUND: machine "abc" not found`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if rpcErr.Code() != codes.NotFound || status.Code(rpcErr) != codes.NotFound {
		t.Errorf("code %v / status.Code %v, want NotFound", rpcErr.Code(), status.Code(rpcErr))
	}
	if st, ok := status.FromError(errors.Unwrap(rpcErr)); !ok || st.Message() != `machine "abc" not found` {
		t.Errorf("Unwrap does not reach the status error: %v", errors.Unwrap(rpcErr))
	}
}

func TestCodeNames(t *testing.T) {
	tests := map[codes.Code]string{
		codes.NotFound: "NOT_FOUND", codes.Canceled: "CANCELLED", codes.InvalidArgument: "INVALID_ARGUMENT",
		codes.DeadlineExceeded: "DEADLINE_EXCEEDED", codes.Unauthenticated: "UNAUTHENTICATED",
		codes.PermissionDenied: "PERMISSION_DENIED", codes.Code(99): "CODE_99",
	}
	for c, want := range tests {
		if got := builtins.CodeName(c); got != want {
			t.Errorf("CodeName(%v) = %q, want %q", c, got, want)
		}
	}
	for c := codes.OK; c <= codes.Unauthenticated; c++ {
		if got := builtins.CodeName(c); strings.HasPrefix(got, "CODE_") {
			t.Errorf("CodeName(%v) = %q: every defined code has a name", c, got)
		}
	}
}

func TestDefaults(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{})

	// The organization is discovered once, on first need, and cached.
	h.mustExec(`fleet.list_locations()`)
	h.mustExec(`fleet.list_locations()`)
	if got := strings.Join(h.conn.Calls(), ","); got != "ListOrganizations,ListLocations,ListLocations" {
		t.Errorf("calls %s, want one discovery then two listings", got)
	}
	if got := fake.last().(*appv1.ListLocationsRequest).GetOrganizationId(); got != "org-1" {
		t.Errorf("default org %q, want the first listed, org-1", got)
	}
	// org_id= wins without discovery; use() changes the default.
	h.mustExec(`fleet.list_locations(org_id="org-9")`)
	if got := fake.last().(*appv1.ListLocationsRequest).GetOrganizationId(); got != "org-9" {
		t.Errorf("explicit org %q, want org-9", got)
	}
	g := h.mustExec(`
before = fleet.location_id
fleet.use(org_id="org-2", location_id="loc-2")
org, loc = fleet.org_id, fleet.location_id
robots = fleet.list_robots()
fleet.use(location_id="")
cleared = fleet.location_id
`)
	if g["before"] != starlark.None || g["org"] != starlark.String("org-2") || g["loc"] != starlark.String("loc-2") || g["cleared"] != starlark.None {
		t.Errorf("defaults: before=%v org=%v loc=%v cleared=%v", g["before"], g["org"], g["loc"], g["cleared"])
	}
	if got := fake.last().(*appv1.ListRobotsRequest).GetLocationId(); got != "loc-2" {
		t.Errorf("list_robots used location %q, want loc-2", got)
	}
}

func TestOptionsDefaultsSkipDiscovery(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{OrgID: "org-x", LocationID: "loc-x"})
	if v := h.eval("", "(fleet.org_id, fleet.location_id)"); v.String() != `("org-x", "loc-x")` {
		t.Errorf("defaults %s", v)
	}
	h.mustExec(`fleet.list_locations()`)
	if got := strings.Join(h.conn.Calls(), ","); got != "ListLocations" {
		t.Errorf("calls %s, want no discovery", got)
	}
}

func TestDryRun(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{OrgID: "org-1"})
	h.env.DryRun = true
	g := h.mustExec(`
r = fleet.update_robot("r1", "new-name", location_id="loc1")
name = r.name
got = fleet.get_robot("r1").name
key, key_id = fleet.create_key([{"role": "owner", "resource_type": "robot", "resource_id": "r1"}], name="k")
none = fleet.delete_robot("r1")
url = fleet.upload_module_file({"module_id": "ns:m", "version": "1.0.0", "platform": "linux/amd64"}, b"data")
`)
	if calls := h.conn.Calls(); strings.Join(calls, ",") != "GetRobot" {
		t.Errorf("calls %v: only the read may be sent", calls)
	}
	if g["name"] != starlark.String("") || g["got"] != starlark.String("rover") || g["key"] != starlark.String("") ||
		g["none"] != starlark.None || g["url"] != starlark.String("") {
		t.Errorf("dry-run results: name=%v got=%v key=%v none=%v", g["name"], g["got"], g["key"], g["none"])
	}
	out := h.out.String()
	if first := strings.SplitN(out, "\n", 2)[0]; first != `[dry-run] fleet.update_robot: UpdateRobotRequest(id = "r1", name = "new-name", location = "loc1")` {
		t.Errorf("dry-run line %q", first)
	}
	for _, want := range []string{
		"[dry-run] fleet.update_robot: UpdateRobotRequest(",
		`name = "new-name"`,
		"[dry-run] fleet.create_key: CreateKeyRequest(",
		`authorization_id = "robot_owner"`,
		"[dry-run] fleet.delete_robot: DeleteRobotRequest(",
		"[dry-run] fleet.upload_module_file: UploadModuleFileRequest(",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry-run output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 4 {
		t.Errorf("%d dry-run lines, want one per change:\n%s", n, out)
	}
}

func TestRoleAndKeyAuthorizations(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{OrgID: "org-1"})
	h.mustExec(`fleet.add_role("user-1", "operator", "location", "loc-1")`)
	want := &appv1.Authorization{AuthorizationType: "role", AuthorizationId: "location_operator", ResourceType: "location",
		ResourceId: "loc-1", IdentityId: "user-1", OrganizationId: "org-1"}
	if got := fake.last().(*appv1.AddRoleRequest).GetAuthorization(); !proto.Equal(got, want) {
		t.Errorf("add_role sent %v, want %v", got, want)
	}
	g := h.mustExec(`key, key_id = fleet.create_key([{"role": "owner", "resource_type": "robot", "resource_id": "r1"}], "ci", org_id="org-7")`)
	if g["key"] != starlark.String("secret") || g["key_id"] != starlark.String("key-1") {
		t.Errorf("create_key returned (%v, %v)", g["key"], g["key_id"])
	}
	req := fake.last().(*appv1.CreateKeyRequest)
	wantKey := &appv1.Authorization{AuthorizationType: "role", AuthorizationId: "robot_owner", ResourceType: "robot",
		ResourceId: "r1", OrganizationId: "org-7", IdentityType: "api-key"}
	if req.GetName() != "ci" || len(req.GetAuthorizations()) != 1 || !proto.Equal(req.GetAuthorizations()[0], wantKey) {
		t.Errorf("create_key sent %v", req)
	}
}

func TestMethodValues(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	g := h.mustExec(`
names = dir(fleet)
t = type(fleet.get_robot)
s = str(fleet.get_robot)
`)
	names := g["names"].(*starlark.List)
	if names.Len() != len(builtins.Methods())+3 {
		t.Errorf("dir(fleet) has %d names, want %d methods + org_id, location_id, use", names.Len(), len(builtins.Methods()))
	}
	for _, want := range []string{"get_robot", "org_id", "location_id", "use", "tail_robot_part_logs"} {
		found := false
		for i := 0; i < names.Len(); i++ {
			found = found || names.Index(i) == starlark.String(want)
		}
		if !found {
			t.Errorf("dir(fleet) lacks %s", want)
		}
	}
	if attrs := h.fleet.AttrNames(); !slices.IsSorted(attrs) {
		t.Errorf("AttrNames not sorted: %v", attrs)
	}
	m, _ := h.fleet.Method("get_robot_part")
	if got := strings.Join(m.ParamNames(), ","); got != "robot_part_id,dest,indent" {
		t.Errorf("ParamNames %s", got)
	}
	if !strings.HasPrefix(m.Doc(), "fleet.get_robot_part(robot_part_id, dest=None, indent=4) -> RobotPart\n\n") {
		t.Errorf("doc starts %q", strings.SplitN(m.Doc(), "\n", 2)[0])
	}
	if g["s"] != starlark.String("<built-in method get_robot of fleet>") {
		t.Errorf("str = %v", g["s"])
	}
}

func TestFleetWithoutConnection(t *testing.T) {
	f := builtins.New(nil, builtins.Options{})
	h := newHarness(t, nil, builtins.Options{})
	h.fleet = f
	tests := map[string]string{
		`fleet.get_robot("r1")`: "fleet.get_robot: no fleet connection",
		`fleet.org_id`:          "fleet.org_id: no fleet connection",
		`fleet.get_robot(1)`:    "fleet.get_robot: robot_id: want string, got int",
	}
	for src, want := range tests {
		if got := h.execErr(src); !strings.HasPrefix(got, want) {
			t.Errorf("%s: error %q, want prefix %q", src, got, want)
		}
	}
	if doc := f.Doc(); !strings.Contains(doc, "fleet.get_robot(robot_id) -> Robot") {
		t.Errorf("module doc lacks the method index:\n%s", doc)
	}
}

// TestConcurrentCalls: parallel.map threads share one fleet; the default
// organization is discovered once however many threads need it first.
func TestConcurrentCalls(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{})
	h.modules["parallel"] = stdlib.Predeclared()["parallel"]
	g := h.mustExec(`
def locations(_):
    return fleet.list_locations()[0].id
ids = parallel.map(locations, range(32), workers=16)
`)
	ids := g["ids"].(*starlark.List)
	for i := 0; i < ids.Len(); i++ {
		if ids.Index(i) != starlark.String("loc-of-org-1") {
			t.Fatalf("result %d is %v", i, ids.Index(i))
		}
	}
	discoveries := 0
	for _, c := range h.conn.Calls() {
		if c == "ListOrganizations" {
			discoveries++
		}
	}
	if discoveries != 1 {
		t.Errorf("%d ListOrganizations calls, want 1", discoveries)
	}
}

func TestCreateKeyDefaultNameUsesTheRunClock(t *testing.T) {
	fake := newFakeApp()
	h := fakeHarness(t, fake, builtins.Options{OrgID: "org-1"})
	h.env.Now = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 890000000, time.UTC) }
	h.mustExec(`fleet.create_key([{"role": "operator", "resource_type": "organization", "resource_id": "org-1"}])`)
	if got := fake.last().(*appv1.CreateKeyRequest).GetName(); got != "2026-03-04 05:06:07.890000" {
		t.Errorf("default key name %q", got)
	}
}

func TestRepeatedPageTokenStops(t *testing.T) {
	fake := newFakeApp()
	fake.repeatToken = true
	h := fakeHarness(t, fake, builtins.Options{})
	if got := h.execErr(`fleet.get_robot_part_logs("p1", num_log_entries=0)`); got != `fleet.get_robot_part_logs: the server returned page token "3" twice` {
		t.Errorf("error %q", got)
	}
}

func TestCallTimeoutBoundsEachRPC(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	h.env.CallTimeout = 50 * time.Millisecond
	if got := h.execErr(`fleet.get_robot("slow")`); !strings.HasPrefix(got, "fleet.get_robot: DEADLINE_EXCEEDED: ") {
		t.Errorf("error %q, want the per-call deadline", got)
	}
	if got := h.eval("", `fleet.get_robot("r1").name`); got != starlark.String("rover") {
		t.Errorf("a call within the deadline returned %v", got)
	}
}

// TestSafeAttrNames checks the fleet's promise to the REPL: every
// attribute but the two defaults is safe, and reading them sends nothing.
func TestSafeAttrNames(t *testing.T) {
	h := fakeHarness(t, newFakeApp(), builtins.Options{})
	safe := h.fleet.SafeAttrNames()
	want := slices.DeleteFunc(h.fleet.AttrNames(), func(name string) bool { return name == "org_id" || name == "location_id" })
	if !slices.Equal(safe, want) {
		t.Errorf("SafeAttrNames = %d names, want every attribute but org_id and location_id (%d)", len(safe), len(want))
	}
	h.conn.Calls() // forget the calls so far
	for _, name := range safe {
		if v, err := h.fleet.Attr(name); v == nil || err != nil {
			t.Errorf("Attr(%q) = %v, %v", name, v, err)
		}
	}
	if sent := h.conn.Calls(); len(sent) != 0 {
		t.Errorf("reading the safe attributes sent %v", sent)
	}
}
