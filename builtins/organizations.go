package builtins

var organizationMethods = []spec{
	{
		name: "list_organizations", rpc: "ListOrganizations",
		result:  []string{"organizations"},
		summary: "List the organizations the credentials are an authorized user of.",
		returns: "the organizations, in the server's order (the first is the default org_id).",
	},
	{
		name: "get_organization", rpc: "GetOrganization",
		params:  []param{orgParam("organization_id")},
		result:  []string{"organization"},
		summary: "Get an organization's details.",
		errors:  "NOT_FOUND or PERMISSION_DENIED when the organization is unknown or out of reach.",
	},
	{
		name: "get_organization_namespace_availability", rpc: "GetOrganizationNamespaceAvailability",
		params: []param{
			{name: "public_namespace", field: "public_namespace",
				doc: "The organization namespace to check. Namespaces can only contain lowercase alphanumeric and dash characters."},
		},
		result:  []string{"available"},
		summary: "Check the availability of an organization namespace.",
		returns: "True if the namespace is available.",
		errors:  "INVALID_ARGUMENT for an invalid namespace (for example \"\").",
	},
	{
		name: "list_organization_members", rpc: "ListOrganizationMembers",
		params:  []param{orgParam("organization_id")},
		result:  []string{"members", "invites"},
		summary: "List the members and the pending invites of the organization.",
		returns: "a tuple (members, invites): members, invites = fleet.list_organization_members().",
	},
	{
		name: "create_organization_invite", rpc: "CreateOrganizationInvite", mutates: true,
		params: []param{
			{name: "email", field: "email", id: true, doc: "Email address of the person to invite."},
			{name: "authorizations", field: "authorizations", def: none,
				doc: "Authorizations (dicts with authorization_type, authorization_id, resource_type, resource_id, organization_id) to grant. None grants full organization ownership."},
			{name: "send_email_invite", field: "send_email_invite", def: true_,
				doc: "Whether to email the invite. If False the grant applies at the invitee's next login with that email."},
			orgParam("organization_id"),
		},
		summary: "Create an organization invite and send it by email.",
		returns: "None, as the fleet API document specifies.",
		errors:  "INVALID_ARGUMENT for an invalid email; ALREADY_EXISTS when the user is already a member.",
	},
	{
		name: "update_organization_invite_authorizations", rpc: "UpdateOrganizationInviteAuthorizations", mutates: true,
		params: []param{
			{name: "email", field: "email", id: true, doc: "Email address the invite was sent to."},
			{name: "add_authorizations", field: "add_authorizations", def: none,
				doc: "Authorizations (dicts, or values a call returned) to add to the invite."},
			{name: "remove_authorizations", field: "remove_authorizations", def: none,
				doc: "Authorizations to remove from the invite."},
			orgParam("organization_id"),
		},
		result: []string{"invite"},
		summary: "Update (add or remove) the authorizations attached to an organization invite that has already been created. " +
			"To remove an invite's only authorization, delete the invite instead.",
		returns: "the updated invite.",
		errors:  "INVALID_ARGUMENT when no authorizations are passed or the combination is invalid (for example removing the only one).",
	},
	{
		name: "delete_organization_member", rpc: "DeleteOrganizationMember", mutates: true,
		params: []param{
			idParam("user_id", "user_id", "ID of the user to remove."),
			orgParam("organization_id"),
		},
		summary: "Remove a member from the organization.",
	},
	{
		name: "delete_organization_invite", rpc: "DeleteOrganizationInvite", mutates: true,
		params: []param{
			{name: "email", field: "email", id: true, doc: "Email address the pending invite was sent to."},
			orgParam("organization_id"),
		},
		summary: "Delete a pending organization invite.",
		errors:  "NOT_FOUND when no pending invite has that email.",
	},
	{
		name: "resend_organization_invite", rpc: "ResendOrganizationInvite", mutates: true,
		params: []param{
			{name: "email", field: "email", id: true, doc: "Email address of the pending invite."},
			orgParam("organization_id"),
		},
		summary: "Resend a pending organization invite email.",
		returns: "None, as the fleet API document specifies.",
		errors:  "NOT_FOUND when no pending invite has that email.",
	},
	{
		name: "get_rover_rental_robots", rpc: "GetRoverRentalRobots",
		params:  []param{orgParam("org_id")},
		result:  []string{"robots"},
		summary: "Return a list of rover rental robots within the organization.",
	},
}
