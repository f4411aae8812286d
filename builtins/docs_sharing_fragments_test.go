package builtins_test

import (
	"strings"
	"testing"
)

// sharingListingFragmentVersionMethods are the location sharing, machine
// listing, fragment version and change_role methods of issue 6.
var sharingListingFragmentVersionMethods = strings.Fields(`share_location unshare_location
get_robot_part_by_name_and_location get_robot_api_keys list_robots_for_locations list_robots_for_org
list_machine_summaries get_fragment_history get_fragment_usage set_fragment_tag delete_fragment_tag
list_nested_fragments list_machine_fragments change_role`)

// TestSharingListingFragmentVersionSignatures pins the names, order and
// defaults of the location sharing, machine listing, fragment version and
// change_role methods: the Python SDK's where it has them (share_location
// takes the organization first), else the request's fields.
func TestSharingListingFragmentVersionSignatures(t *testing.T) {
	want := map[string]string{
		"share_location":                      "fleet.share_location(organization_id, location_id) -> None",
		"unshare_location":                    "fleet.unshare_location(organization_id, location_id) -> None",
		"get_robot_part_by_name_and_location": "fleet.get_robot_part_by_name_and_location(name, location_id=None) -> RobotPart",
		"get_robot_api_keys":                  "fleet.get_robot_api_keys(robot_id) -> list of APIKeyWithAuthorizations",
		"list_robots_for_locations":           "fleet.list_robots_for_locations(location_ids) -> list of Robot",
		"list_robots_for_org":                 "fleet.list_robots_for_org(org_id=None) -> list of Robot",
		"list_machine_summaries":              "fleet.list_machine_summaries(org_id=None, fragment_ids=None, location_ids=None, limit=None) -> list of LocationSummary",
		"get_fragment_history":                "fleet.get_fragment_history(id, page_token=\"\", page_limit=10) -> list of FragmentHistoryEntry",
		"get_fragment_usage":                  "fleet.get_fragment_usage(fragment_id) -> list of FragmentUsage",
		"set_fragment_tag":                    "fleet.set_fragment_tag(fragment_id, tag, revision) -> list of FragmentTag",
		"delete_fragment_tag":                 "fleet.delete_fragment_tag(fragment_id, tag) -> list of FragmentTag",
		"list_nested_fragments":               "fleet.list_nested_fragments(fragment_id=None, additional_fragments=None) -> (list of Fragment, list of ResolvedFragment)",
		"list_machine_fragments":              "fleet.list_machine_fragments(machine_id, additional_fragment_ids=None, additional_fragments=None) -> (list of Fragment, list of ResolvedFragment)",
		"change_role": "fleet.change_role(old_identity_id, old_role, old_resource_type, old_resource_id, " +
			"new_identity_id, new_role, new_resource_type, new_resource_id, org_id=None) -> None",
	}
	if len(want) != len(sharingListingFragmentVersionMethods) {
		t.Fatalf("%d signatures pinned for %d methods", len(want), len(sharingListingFragmentVersionMethods))
	}
	checkSignatures(t, want)
}
