package builtins

import (
	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/runtime/protoval"
)

// orgAdminMethods look users and organizations up across organizations,
// and change or delete an organization.
var orgAdminMethods = []spec{
	{
		name: "create_organization", rpc: "CreateOrganization", mutates: true,
		params:  []param{{name: "name", field: "name", id: true, doc: "Name of the new organization."}},
		result:  []string{"organization"},
		summary: "Create a new organization, owned by the credentials in use.",
		returns: "the new Organization. The fleet's default organization does not change; pass its id as org_id=, or fleet.use(org_id=...).",
		errors:  "INVALID_ARGUMENT for an empty name.",
	},
	{
		name: "get_user_id_by_email", rpc: "GetUserIDByEmail",
		params:  []param{{name: "email", field: "email", id: true, doc: "Email address of the user."}},
		result:  []string{"user_id"},
		summary: "Get the ID of a user by email.",
		returns: "the user's ID, for list_organizations_by_user, add_role or delete_organization_member.",
		errors: "INVALID_ARGUMENT for something that is not an email address; NOT_FOUND for no such user. " +
			"The local fleet knows the members of the organizations the credentials can read (organization owners and operators); " +
			"PERMISSION_DENIED when they can read none.",
	},
	{
		name: "get_organizations_with_access_to_location", rpc: "GetOrganizationsWithAccessToLocation",
		params:  []param{idParam("location_id", "location_id", "ID of the location.")},
		result:  []string{"organization_identities"},
		summary: "List the organizations that have access to a location: the one that owns it, then those it is shared with.",
		returns: "OrganizationIdentity values (id, name), the owner first.",
		errors:  "NOT_FOUND for an unknown location; PERMISSION_DENIED without read access to it.",
	},
	{
		name: "list_organizations_by_user", rpc: "ListOrganizationsByUser",
		params:  []param{idParam("user_id", "user_id", "ID of the user (see get_user_id_by_email).")},
		result:  []string{"orgs"},
		summary: "List the organizations a user is a member of, among those the credentials can read.",
		returns: "OrgDetails values (org_id, org_name, org_cid, public_namespace, billing_tier), in creation order.",
		errors:  "NOT_FOUND for an unknown user or one in no organization the credentials can read.",
	},
	{
		name: "search_organizations", rpc: "SearchOrganizations",
		params: []param{
			{name: "org_id", field: "org_id", kind: kindString, def: none, doc: "Only the organization with this ID. Not the default organization: None searches them all."},
			{name: "org_name", field: "org_name", kind: kindString, def: none, doc: "Only organizations whose name contains this text (case-insensitive in the local fleet)."},
			{name: "cid", field: "cid", kind: kindString, def: none, doc: "Only organizations with this CRM ID."},
			{name: "public_namespace", field: "public_namespace", kind: kindString, def: none, doc: "Only the organization with this public namespace."},
		},
		result: []string{"organizations"},
		summary: "Search organizations by ID, name, CRM ID or public namespace; filters combine. " +
			"Not in the Python SDK; app.viam.com reserves it for Viam staff, the local fleet searches the organizations the credentials can read.",
		returns: "OrgDetails values, in creation order; an empty list when nothing matches.",
		errors:  "INVALID_ARGUMENT for a malformed org_id.",
	},
	{
		name: "update_organization", rpc: "UpdateOrganization", mutates: true,
		params: []param{
			{name: "name", field: "name", kind: kindString, def: none, doc: "New name. None keeps it."},
			{name: "public_namespace", field: "public_namespace", kind: kindString, def: none,
				doc: "Public namespace (lowercase letters, digits and dashes). It can be set only once here; update_organization_namespace changes it."},
			{name: "region", field: "region", kind: kindString, def: none, doc: "Default storage region of new locations, e.g. \"us-central1\"."},
			{name: "cid", field: "cid", kind: kindString, def: none, doc: "CRM ID. \"\" clears it."},
			{name: "default_fragments", kind: kindDicts, def: none,
				doc: "Fragments new machines of the organization import: dicts {\"fragment_id\", \"version\", \"prefix\", \"fragment_variables\"}. [] clears them."},
			{name: "allowed_login_methods", kind: kindStringList, def: none,
				doc: "Login methods members may use: \"LOGIN_METHOD_PASSWORD\", \"LOGIN_METHOD_GOOGLE\", \"LOGIN_METHOD_GITHUB\" or \"LOGIN_METHOD_APPLE\" (or \"password\", ...). [] clears them."},
			orgParam("organization_id"),
		},
		result:  []string{"organization"},
		build:   buildOrgSettings,
		summary: "Update an organization's settings. Only the arguments given change.",
		returns: "the updated organization.",
		errors: "INVALID_ARGUMENT for an invalid name, namespace or region; ALREADY_EXISTS when the namespace is taken; " +
			"FAILED_PRECONDITION when the organization already has another namespace; NOT_FOUND for an unknown or private default fragment; " +
			"PERMISSION_DENIED unless the credentials own the organization.",
	},
	{
		name: "update_organization_namespace", rpc: "UpdateOrganizationNamespace", mutates: true,
		params: []param{
			{name: "new_public_namespace", field: "new_public_namespace", id: true, doc: "The new public namespace (lowercase letters, digits and dashes)."},
			orgParam("organization_id"),
		},
		result: []string{"organization"},
		summary: "Change the organization's public namespace (or set its first one). Not in the Python SDK. " +
			"The local fleet refuses to change a namespace that module IDs of the organization begin with, since machine configs refer to them.",
		returns: "the updated organization.",
		errors: "INVALID_ARGUMENT for an invalid namespace; ALREADY_EXISTS when it is taken; FAILED_PRECONDITION when module IDs carry the old one; " +
			"PERMISSION_DENIED unless the credentials own the organization.",
	},
	{
		name: "delete_organization", rpc: "DeleteOrganization", mutates: true,
		// org_id is required, unlike every other org_id: a slip of the
		// keyboard must not delete the default organization.
		params: []param{idParam("org_id", "organization_id", "ID of the organization to delete (required: never the default implicitly).")},
		summary: "Delete an organization with everything in it: locations, machines, fragments, modules, members, invites and API keys. " +
			"Organization owners only. " +
			"When the API key in use belongs to the organization, the key is deleted too: the call succeeds and every later call fails UNAUTHENTICATED.",
		errors: "NOT_FOUND for an unknown organization; PERMISSION_DENIED unless the credentials own it.",
	},
}

// buildOrgSettings fills UpdateOrganization's list settings, which the
// Python SDK takes as plain lists: default_fragments wrapped in a
// FragmentImportList, allowed_login_methods in AllowedLoginMethods. An
// empty list is sent (and clears the setting); None leaves it unset.
func buildOrgSettings(c *call, req protoreflect.Message) error {
	r := req.Interface().(*appv1.UpdateOrganizationRequest)
	if v := c.value("default_fragments"); v != none {
		r.DefaultFragments = &appv1.FragmentImportList{}
		if err := setListField(r.DefaultFragments.ProtoReflect(), "fragments", v, "default_fragments"); err != nil {
			return err
		}
	}
	if v := c.value("allowed_login_methods"); v != none {
		r.AllowedLoginMethods = &appv1.AllowedLoginMethods{}
		if err := setListField(r.AllowedLoginMethods.ProtoReflect(), "methods", v, "allowed_login_methods"); err != nil {
			return err
		}
	}
	return nil
}

// setListField fills the repeated field name of m from a Starlark list; an
// error names the argument (path).
func setListField(m protoreflect.Message, name string, v starlark.Value, path string) error {
	return protoval.SetField(m, m.Descriptor().Fields().ByName(protoreflect.Name(name)), v, path)
}
