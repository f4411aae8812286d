package builtins_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/fleetscript/fleetscript/builtins"
)

// issueMethods are the methods the fleet API document names, plus
// get_organization. That every other AppService RPC has a method too is
// TestEveryAppServiceRPCIsBoundDocumentedAndServed's job.
var issueMethods = strings.Fields(`list_organizations get_organization_namespace_availability
list_organization_members update_organization_invite_authorizations create_location get_location
update_location delete_location list_locations location_auth create_location_secret
delete_location_secret get_robot get_robot_parts get_robot_part get_robot_part_logs
tail_robot_part_logs get_robot_part_history update_robot_part new_robot_part delete_robot_part
mark_part_as_main mark_part_for_restart create_robot_part_secret delete_robot_part_secret
list_robots new_robot update_robot delete_robot list_fragments get_fragment create_fragment
update_fragment delete_fragment add_role remove_role list_authorizations create_module
update_module upload_module_file get_module list_modules create_organization_invite
delete_organization_member delete_organization_invite resend_organization_invite
get_rover_rental_robots check_permissions create_key create_key_from_existing_key_authorizations
list_keys get_organization`)

func TestEveryIssueMethodIsDeclared(t *testing.T) {
	var names []string
	for _, m := range builtins.Methods() {
		names = append(names, m.Name)
	}
	for _, want := range issueMethods {
		if !slices.Contains(names, want) {
			t.Errorf("fleet.%s is not declared", want)
		}
	}
	if !slices.IsSorted(names) {
		t.Error("Methods() is not sorted by name")
	}
}

// TestSignatures pins the Python SDK's parameter names, order and defaults
// for the methods whose shape is easiest to get wrong.
func TestSignatures(t *testing.T) {
	want := map[string]string{
		"get_robot_part_logs":                         "fleet.get_robot_part_logs(robot_part_id, filter=\"\", dest=None, errors_only=True, num_log_entries=100, log_levels=None, start=None, end=None, order=None, range=None) -> list of LogEntry",
		"tail_robot_part_logs":                        "fleet.tail_robot_part_logs(robot_part_id, errors_only=True, filter=\"\", limit=None, timeout=None) -> iterable of lists of LogEntry",
		"get_robot_part":                              "fleet.get_robot_part(robot_part_id, dest=None, indent=4) -> RobotPart",
		"get_robot_part_history":                      "fleet.get_robot_part_history(robot_part_id, page_limit=0) -> list of RobotPartHistoryEntry",
		"create_organization_invite":                  "fleet.create_organization_invite(email, authorizations=None, send_email_invite=True, org_id=None) -> None",
		"list_organization_members":                   "fleet.list_organization_members(org_id=None) -> (list of OrganizationMember, list of OrganizationInvite)",
		"get_organization_namespace_availability":     "fleet.get_organization_namespace_availability(public_namespace) -> bool",
		"new_robot":                                   "fleet.new_robot(name, location_id=None) -> string",
		"new_robot_part":                              "fleet.new_robot_part(robot_id, part_name) -> string",
		"create_module":                               "fleet.create_module(name, org_id=None) -> (string, string)",
		"create_key":                                  "fleet.create_key(authorizations, name=None, org_id=None) -> (string, string)",
		"create_key_from_existing_key_authorizations": "fleet.create_key_from_existing_key_authorizations(id) -> (string, string)",
		"delete_location_secret":                      "fleet.delete_location_secret(secret_id, location_id=None) -> None",
		"update_location":                             "fleet.update_location(location_id, name=None, parent_location_id=None) -> Location",
		"update_module":                               "fleet.update_module(module_id, url, description, models=None, entrypoint=\"\", public=False, apps=None) -> string",
		"upload_module_file":                          "fleet.upload_module_file(module_file_info, file=None, path=None) -> string",
		"add_role":                                    "fleet.add_role(identity_id, role, resource_type, resource_id, org_id=None) -> None",
		"list_fragments":                              "fleet.list_fragments(show_public=True, org_id=None) -> list of Fragment",
		"check_permissions":                           "fleet.check_permissions(permissions) -> list of AuthorizedPermissions",
	}
	checkSignatures(t, want)
}

// checkSignatures fails for each method in want that is not declared or
// whose signature differs.
func checkSignatures(t *testing.T, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, m := range builtins.Methods() {
		got[m.Name] = m.Signature
	}
	for name, sig := range want {
		switch g, ok := got[name]; {
		case !ok:
			t.Errorf("fleet.%s is not declared", name)
		case g != sig:
			t.Errorf("fleet.%s signature\n got %s\nwant %s", name, g, sig)
		}
	}
}

func TestEveryMethodIsDocumented(t *testing.T) {
	for _, m := range builtins.Methods() {
		doc, ok := builtins.Doc(m.Name)
		if !ok || doc != m.Doc {
			t.Errorf("Doc(%q) disagrees with Methods()", m.Name)
		}
		lines := strings.Split(doc, "\n")
		if lines[0] != m.Signature || len(lines) < 3 || lines[1] != "" || len(lines[2]) < 20 {
			t.Errorf("%s: doc must be signature, blank line, paragraph:\n%s", m.Name, doc)
		}
		for _, p := range m.Params {
			if !strings.Contains(doc, "\n  "+p+" (") {
				t.Errorf("%s: parameter %s undocumented", m.Name, p)
			}
		}
		for _, section := range []string{"\nReturns: ", "\nErrors: "} {
			if !strings.Contains(doc, section) {
				t.Errorf("%s: doc lacks %q", m.Name, strings.TrimSpace(section))
			}
		}
		if m.Mutates != strings.Contains(doc, "--dry-run") {
			t.Errorf("%s: doc and Mutates disagree about --dry-run", m.Name)
		}
		if m.Group == "" {
			t.Errorf("%s: no group", m.Name)
		}
	}
	if _, ok := builtins.Doc("fleet.get_robot"); !ok {
		t.Error(`Doc("fleet.get_robot") not found`)
	}
	if _, ok := builtins.Doc("no_such_method"); ok {
		t.Error("Doc of an unknown method found")
	}
}
