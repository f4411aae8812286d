package builtins

var locationMethods = []spec{
	{
		name: "create_location", rpc: "CreateLocation", mutates: true,
		params: []param{
			{name: "name", field: "name", id: true, doc: "Name of the new location."},
			{name: "parent_location_id", field: "parent_location_id", def: none,
				doc: "Parent location to put the location under. None creates it at the organization's root level."},
			orgParam("organization_id"),
		},
		result: []string{"location"},
		summary: "Create and name a location under the organization. " +
			"Optionally, put the new location under a specified parent location.",
		returns: "the new location.",
		errors:  "INVALID_ARGUMENT for an invalid name; NOT_FOUND for an unknown parent location.",
	},
	{
		name: "get_location", rpc: "GetLocation",
		params:  []param{locationParam("location_id", "ID of the location to get.")},
		result:  []string{"location"},
		summary: "Get a location by its location ID.",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "update_location", rpc: "UpdateLocation", mutates: true,
		params: []param{
			idParam("location_id", "location_id", "ID of the location to update."),
			{name: "name", field: "name", def: none, emptyIsNone: true,
				doc: "New name. None or \"\" leaves the name unchanged."},
			{name: "parent_location_id", field: "parent_location_id", def: none,
				doc: "ID of the new parent location. None leaves the location where it is; \"\" moves it to the top level."},
		},
		result:  []string{"location"},
		summary: "Change the name of a location and/or assign it a new parent location.",
		returns: "the updated location.",
		errors:  "NOT_FOUND for an unknown location or parent id.",
	},
	{
		name: "delete_location", rpc: "DeleteLocation", mutates: true,
		params:  []param{idParam("location_id", "location_id", "ID of the location to delete.")},
		summary: "Delete a location.",
		errors:  "NOT_FOUND for an unknown location id; FAILED_PRECONDITION when it still holds machines.",
	},
	{
		name: "list_locations", rpc: "ListLocations",
		params:  []param{orgParam("organization_id")},
		result:  []string{"locations"},
		summary: "Get a list of all locations under the organization.",
	},
	{
		name: "location_auth", rpc: "LocationAuth",
		params:  []param{locationParam("location_id", "ID of the location to retrieve the LocationAuth from.")},
		result:  []string{"auth"},
		summary: "Get a location's LocationAuth (location secret or secrets).",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "create_location_secret", rpc: "CreateLocationSecret", mutates: true,
		params:  []param{locationParam("location_id", "ID of the location to generate a new secret for.")},
		result:  []string{"auth"},
		summary: "Create a new location secret. Deprecated by Viam in favour of API keys.",
		returns: "the location's LocationAuth including the new secret.",
		errors:  "NOT_FOUND for an unknown location id.",
	},
	{
		name: "delete_location_secret", rpc: "DeleteLocationSecret", mutates: true,
		params: []param{
			idParam("secret_id", "secret_id", "ID of the secret to delete (not the secret string itself)."),
			locationParam("location_id", "ID of the location to delete the secret from."),
		},
		summary: "Delete a location secret. Deprecated by Viam in favour of API keys.",
		errors:  "NOT_FOUND for an unknown location or secret id.",
	},
}
