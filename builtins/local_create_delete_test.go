package builtins_test

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestCreateOrganizationAndDeleteKeyOnLocalFleet covers the two methods the
// scripts' set-up and clean-up need beyond the fleet API document:
// create_organization and delete_key, and that delete_organization never
// falls back to the default organization.
func TestCreateOrganizationAndDeleteKeyOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	globals := h.mustExec(prelude + `
o = fleet.create_organization("Scratch Works")
expect(o.name == "Scratch Works" and o.id != org.id, "create_organization returns the new Organization")
expect(o.id in [x.id for x in fleet.list_organizations()], "the new organization is listed")
expect(fleet.org_id == org.id, "the default organization does not change")

key, key_id = fleet.create_key([{"role": "operator", "resource_type": "location", "resource_id": loc.id}], "short-lived")
expect(key_id in [k.api_key.id for k in fleet.list_keys()], "the key exists")
expect(fleet.delete_key(key_id) == None, "delete_key returns None")
expect(key_id not in [k.api_key.id for k in fleet.list_keys()], "delete_key removed it")
`)
	keyID := globals["key_id"].(starlark.String)
	for _, tt := range []struct{ src, want string }{
		{`fleet.delete_key(` + keyID.String() + `)`, "fleet.delete_key: NOT_FOUND"},
		{`fleet.create_organization("")`, "fleet.create_organization: name: must not be empty"},
		{`fleet.delete_organization()`, "fleet.delete_organization: missing argument org_id"},
	} {
		if msg := h.execErr(tt.src); !strings.Contains(msg, tt.want) {
			t.Errorf("%s: got %q, want it to contain %q", tt.src, msg, tt.want)
		}
	}
}
