package builtins_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/fleetscript/fleetscript/builtins"
)

// TestServerErrorsOnLocalFleet: what the server refuses comes back as
// `fleet.METHOD: CODE: message`, an *RPCError.
func TestServerErrorsOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude)
	missingUUID := "00000000-0000-4000-8000-000000000000"
	tests := []struct{ method, call string }{
		{"get_organization", `fleet.get_organization(org_id=MISSING)`},
		{"get_organization_namespace_availability", `fleet.get_organization_namespace_availability("Not A Namespace!")`},
		{"list_organization_members", `fleet.list_organization_members(org_id=MISSING)`},
		{"create_organization_invite", `fleet.create_organization_invite("not-an-email")`},
		{"update_organization_invite_authorizations", `fleet.update_organization_invite_authorizations("nobody@example.com", add_authorizations=[])`},
		{"delete_organization_member", `fleet.delete_organization_member(MISSING)`},
		{"delete_organization_invite", `fleet.delete_organization_invite("nobody@example.com")`},
		{"resend_organization_invite", `fleet.resend_organization_invite("nobody@example.com")`},
		{"get_rover_rental_robots", `fleet.get_rover_rental_robots(org_id=MISSING)`},
		{"create_location", `fleet.create_location("x", parent_location_id="nosuchloc0")`},
		{"get_location", `fleet.get_location("nosuchloc0")`},
		{"update_location", `fleet.update_location("nosuchloc0", name="x")`},
		{"delete_location", `fleet.delete_location("nosuchloc0")`},
		{"list_locations", `fleet.list_locations(org_id=MISSING)`},
		{"location_auth", `fleet.location_auth("nosuchloc0")`},
		{"create_location_secret", `fleet.create_location_secret("nosuchloc0")`},
		{"delete_location_secret", `fleet.delete_location_secret(MISSING, location_id=loc.id)`},
		{"get_robot", `fleet.get_robot(MISSING)`},
		{"list_robots", `fleet.list_robots("nosuchloc0")`},
		{"new_robot", `fleet.new_robot("x", location_id="nosuchloc0")`},
		{"update_robot", `fleet.update_robot(MISSING, "x", location_id=loc.id)`},
		{"delete_robot", `fleet.delete_robot(MISSING)`},
		{"get_robot_parts", `fleet.get_robot_parts(MISSING)`},
		{"get_robot_part", `fleet.get_robot_part(MISSING)`},
		{"get_robot_part_logs", `fleet.get_robot_part_logs(MISSING)`},
		{"tail_robot_part_logs", `[b for b in fleet.tail_robot_part_logs(MISSING)]`},
		{"get_robot_part_history", `fleet.get_robot_part_history(MISSING)`},
		{"update_robot_part", `fleet.update_robot_part(MISSING, "x")`},
		{"new_robot_part", `fleet.new_robot_part(MISSING, "x")`},
		{"delete_robot_part", `fleet.delete_robot_part(MISSING)`},
		{"mark_part_as_main", `fleet.mark_part_as_main(MISSING)`},
		{"mark_part_for_restart", `fleet.mark_part_for_restart(MISSING)`},
		{"create_robot_part_secret", `fleet.create_robot_part_secret(MISSING)`},
		{"delete_robot_part_secret", `fleet.delete_robot_part_secret(part.id, MISSING)`},
		{"list_fragments", `fleet.list_fragments(org_id=MISSING)`},
		{"get_fragment", `fleet.get_fragment(MISSING)`},
		{"create_fragment", `fleet.create_fragment("x", org_id=MISSING)`},
		{"update_fragment", `fleet.update_fragment(MISSING, "x")`},
		{"delete_fragment", `fleet.delete_fragment(MISSING)`},
		{"add_role", `fleet.add_role(MISSING, "owner", "robot", MISSING)`},
		{"remove_role", `fleet.remove_role(MISSING, "owner", "robot", robot.id)`},
		{"list_authorizations", `fleet.list_authorizations(org_id=MISSING)`},
		{"check_permissions", `fleet.check_permissions([])`},
		{"create_module", `fleet.create_module("Not a module name!")`},
		{"update_module", `fleet.update_module("nobody:nothing", "https://example.com", "d")`},
		{"upload_module_file", `fleet.upload_module_file({"module_id": "nobody:nothing", "version": "1.0.0", "platform": "linux/amd64"}, b"x")`},
		{"get_module", `fleet.get_module("nobody:nothing")`},
		{"create_key", `fleet.create_key([])`},
		{"create_key_from_existing_key_authorizations", `fleet.create_key_from_existing_key_authorizations(MISSING)`},
		{"list_keys", `fleet.list_keys(org_id=MISSING)`},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			_, err := h.exec(prelude + "MISSING = \"" + missingUUID + "\"\n" + tt.call)
			if err == nil {
				t.Fatalf("%s succeeded, want a server error", tt.call)
			}
			msg := err.Error()
			want := regexp.MustCompile(`fleet\.` + tt.method + `: [A-Z_]+: \S`)
			if !want.MatchString(msg) {
				t.Errorf("error %q, want `fleet.%s: CODE: message`", msg, tt.method)
			}
			var rpcErr *builtins.RPCError
			if !errors.As(err, &rpcErr) && !strings.Contains(msg, "cancelled: fleet."+tt.method) {
				t.Errorf("error %T is not an *RPCError", err)
			}
		})
	}
}
