package builtins

// sharingParams are share_location's and unshare_location's parameters, in
// the Python SDK's order: the organization first (the request has the
// location first).
var sharingParams = []param{
	idParam("organization_id", "organization_id", "ID of the other organization."),
	idParam("location_id", "location_id", "ID of the location."),
}

var locationSharingMethods = []spec{
	{
		name: "share_location", rpc: "ShareLocation", mutates: true,
		params: sharingParams,
		summary: "Share a location with another organization: the location, its child locations and their machines " +
			"become part of that organization too (list_locations there lists it; Location.organizations names both, " +
			"the owner marked primary), and that organization's owners and operators act on it as on their own.",
		errors: "NOT_FOUND for an unknown location or organization; ALREADY_EXISTS when it is shared already; " +
			"FAILED_PRECONDITION for the location's own organization; PERMISSION_DENIED unless the caller owns the location.",
	},
	{
		name: "unshare_location", rpc: "UnshareLocation", mutates: true,
		params:  sharingParams,
		summary: "Stop sharing a location with another organization.",
		errors: "NOT_FOUND when the location is not shared with the organization (a child shared through its parent " +
			"is unshared by unsharing the parent); FAILED_PRECONDITION for the location's own organization.",
	},
}
