package builtins

var machineListingMethods = []spec{
	{
		name: "get_robot_part_by_name_and_location", rpc: "GetRobotPartByNameAndLocation",
		params: []param{
			{name: "name", field: "name", id: true, doc: "Name of the part, e.g. \"forklift-01-main\"."},
			locationParam("location_id", "ID of the location whose machines to search (not its child locations)."),
		},
		result:  []string{"part"},
		summary: "Get a machine part by its name and its machine's location.",
		returns: "the part, with its config when the credentials may read it.",
		errors: "NOT_FOUND when no machine of the location has a part of that name; FAILED_PRECONDITION when " +
			"several do (use get_robot_part with an id).",
	},
	{
		name: "get_robot_api_keys", rpc: "GetRobotAPIKeys",
		params:  []param{idParam("robot_id", "robot_id", "ID of the machine.")},
		result:  []string{"api_keys"},
		summary: "List the API keys that hold a role on the machine itself (as made by `viam machines api-key create`), each with all its authorizations.",
		returns: "the keys (api_key without its secret, authorizations); keys of the organization or location are not included.",
		errors:  "NOT_FOUND for an unknown machine id.",
	},
	{
		name: "list_robots_for_locations", rpc: "ListRobotsForLocations",
		params: []param{
			{name: "location_ids", field: "location_ids", doc: "IDs of the locations (repeats are ignored)."},
		},
		result:  []string{"robots"},
		summary: "Get the machines of several locations in one call: location by location in the order given, each sorted by name.",
		returns: "the machines; an empty list of locations gives none.",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "list_robots_for_org", rpc: "ListRobotsForOrg",
		params:  []param{orgParam("org_id")},
		result:  []string{"robots"},
		summary: "Get every machine of the organization (in its locations and those shared into it) that the credentials may see.",
		returns: "the machines, location by location, each sorted by name.",
	},
	{
		name: "list_machine_summaries", rpc: "ListMachineSummaries",
		params: []param{
			{name: "org_id", field: "organization_id", kind: kindString, def: none, scope: scopeOrg,
				doc: "ID of the organization. Defaults to the fleet's organization (fleet.org_id); \"\" covers every organization the credentials reach."},
			{name: "fragment_ids", field: "fragment_ids", def: none,
				doc: "Only machines with a part importing one of these fragments. None: every machine."},
			{name: "location_ids", field: "location_ids", def: none,
				doc: "Only machines in these locations. None: every location."},
			{name: "limit", field: "limit", def: none, doc: "Most machines to summarise. None or 0: 100."},
		},
		result: []string{"location_summaries"},
		summary: "Get the dashboard view of a fleet: per location, each machine with a summary of its parts (online state, " +
			"last access, viam-server version, os, platform, the fragments its config imports).",
		returns: "the location summaries (location_id, location_name, machine_summaries); locations with no machine listed are left out.",
		errors:  "INVALID_ARGUMENT for a negative limit or a malformed id.",
	},
}
