package builtins_test

import (
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/builtins"
)

// setup binds the ids the document's examples use, making what the demo
// fleet lacks.
const examplesSetup = `
ORG_ID = fleet.list_organizations()[0].id
LOCATION_ID = fleet.list_locations()[0].id
OTHER_LOCATION_ID = fleet.create_location("scratch").id
ROBOT_ID = fleet.list_robots(LOCATION_ID)[0].id
PART_ID = [p for p in fleet.get_robot_parts(ROBOT_ID) if p.main_part][0].id
FRAGMENT_ID = fleet.create_fragment("example-fragment").id
INVITE_EMAIL = "invitee@example.com"
fleet.create_organization_invite(INVITE_EMAIL, authorizations=[{
    "authorization_type": "role", "authorization_id": "robot_operator", "resource_type": "robot",
    "resource_id": ROBOT_ID, "organization_id": ORG_ID}])
LOCATION_SECRET_ID = fleet.location_auth(LOCATION_ID).secrets[0].id
PART_SECRET_ID = fleet.get_robot_part(PART_ID).secrets[0].id
_, IDENTITY_ID = fleet.create_key([{"role": "operator", "resource_type": "robot", "resource_id": ROBOT_ID}], "role-holder")
`

// TestFleetAPIDocumentExamples runs every example of the fleet API
// document, rewritten without await, against the demo fleet.
func TestFleetAPIDocumentExamples(t *testing.T) {
	examples, err := os.ReadFile("testdata/examples.star")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := localHarness(t)
	ids := h.mustExec(examplesSetup)
	// The location "provided at AppClient instantiation".
	h.fleet = builtins.New(h.conn, builtins.Options{LocationID: string(ids["LOCATION_ID"].(starlark.String))})
	var setup strings.Builder
	for name, v := range ids {
		if name == strings.ToUpper(name) {
			setup.WriteString(name + " = " + v.String() + "\n")
		}
	}
	g := h.mustExec(setup.String() + string(examples))
	for _, name := range []string{"org_list", "available", "update_invite", "robot", "part_logs", "new_module", "api_key", "keys"} {
		if g[name] == nil || g[name] == starlark.None {
			t.Errorf("example result %s is missing", name)
		}
	}
	out := h.out.String()
	if !strings.Contains(out, "Name:  example-fragment \nCreated on: ") || !strings.Contains(out, "Module ID: ") {
		t.Errorf("example output:\n%s", out)
	}
}
