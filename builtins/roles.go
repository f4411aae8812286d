package builtins

import (
	"fmt"
	"slices"

	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// roleParams are add_role's and remove_role's parameters: the parts of
// the Authorization the Python SDK builds.
var roleParams = []param{
	idParam("identity_id", "", "ID of the entity the role belongs to (a user ID or an API key ID)."),
	idParam("role", "", "The role: \"owner\" or \"operator\"."),
	idParam("resource_type", "", "The type of the resource: \"organization\", \"location\" or \"robot\". Must match resource_id's resource."),
	idParam("resource_id", "", "ID of the organization, location or machine the role applies to."),
	orgParam(""),
}

var roleMethods = []spec{
	{
		name: "add_role", rpc: "AddRole", mutates: true,
		params:  roleParams,
		build:   buildRoleAuthorization,
		summary: "Add a role (owner or operator) on a resource of the organization.",
		errors:  "INVALID_ARGUMENT for an invalid identity, role, resource type or resource id; ALREADY_EXISTS when the role is held.",
	},
	{
		name: "remove_role", rpc: "RemoveRole", mutates: true,
		params:  roleParams,
		build:   buildRoleAuthorization,
		summary: "Remove a role (owner or operator) on a resource of the organization.",
		errors:  "NOT_FOUND when the identity does not hold the role.",
	},
	{
		name: "change_role", rpc: "ChangeRole", mutates: true,
		params: append(append(changeRoleParams("old", "current"), changeRoleParams("new", "new")...), orgParam("")),
		build:  buildChangeRole,
		summary: "Replace a role with another in one step (an identity's role on a resource, or the resource or identity " +
			"it is held by); nothing changes if either half fails. The organization comes last, as in add_role.",
		errors: "NOT_FOUND when the old role is not held; ALREADY_EXISTS when the new one is; INVALID_ARGUMENT for an " +
			"invalid identity, role, resource type or resource id.",
	},
	{
		name: "list_authorizations", rpc: "ListAuthorizations",
		params: []param{
			{name: "resource_ids", field: "resource_ids", def: none,
				doc: "IDs of the resources to list authorizations of. None: every resource of the organization."},
			orgParam("organization_id"),
		},
		result:  []string{"authorizations"},
		summary: "List the authorizations (owners and operators) of specific resources, or of the whole organization.",
		errors:  "INVALID_ARGUMENT for an invalid resource id.",
	},
	{
		name: "check_permissions", rpc: "CheckPermissions",
		params: []param{
			{name: "permissions", field: "permissions",
				doc: "What to check: dicts {\"resource_type\", \"resource_id\", \"permissions\": [...]}, e.g. permissions [\"read_robot\", \"control_robot\"]."},
		},
		result:  []string{"authorized_permissions"},
		summary: "Check which of the given permissions the current credentials hold on the given resources.",
		returns: "per resource, only the permissions held.",
		errors:  "INVALID_ARGUMENT for an empty permissions list.",
	},
}

var (
	roles         = []string{"owner", "operator"}
	resourceTypes = []string{"organization", "location", "robot"}
)

// changeRoleParams are the four parameters of one half (old or new) of
// change_role.
func changeRoleParams(prefix, which string) []param {
	return []param{
		idParam(prefix+"_identity_id", "", fmt.Sprintf("ID of the member or API key holding the %s role.", which)),
		idParam(prefix+"_role", "", fmt.Sprintf("The %s role: \"owner\" or \"operator\".", which)),
		idParam(prefix+"_resource_type", "", fmt.Sprintf("The %s role's resource type: \"organization\", \"location\" or \"robot\".", which)),
		idParam(prefix+"_resource_id", "", fmt.Sprintf("ID of the organization, location or machine of the %s role.", which)),
	}
}

// buildRoleAuthorization builds the Authorization as the Python SDK does:
// type "role", id "<resource_type>_<role>", in the call's organization.
func buildRoleAuthorization(c *call, req protoreflect.Message) error {
	return buildRoleAuthorizations(c, req, "authorization", "")
}

// buildChangeRole builds change_role's old and new Authorizations.
func buildChangeRole(c *call, req protoreflect.Message) error {
	return buildRoleAuthorizations(c, req, "old_authorization", "old_", "new_authorization", "new_")
}

// buildRoleAuthorizations fills each named Authorization field from the
// role parameters with its prefix (field, prefix pairs), all validated
// before c.org(), which may send an RPC.
func buildRoleAuthorizations(c *call, req protoreflect.Message, fieldsAndPrefixes ...string) error {
	auths := make([]*appv1.Authorization, 0, len(fieldsAndPrefixes)/2)
	for i := 0; i < len(fieldsAndPrefixes); i += 2 {
		auth, err := roleAuthorization(c, fieldsAndPrefixes[i+1])
		if err != nil {
			return err
		}
		auths = append(auths, auth)
	}
	org, err := c.org()
	if err != nil {
		return err
	}
	for i, auth := range auths {
		auth.OrganizationId = org
		field := fieldsAndPrefixes[2*i]
		req.Set(req.Descriptor().Fields().ByName(protoreflect.Name(field)), protoreflect.ValueOfMessage(auth.ProtoReflect()))
	}
	return nil
}

// roleAuthorization reads and validates the role parameters named with
// prefix; the organization is left to the caller.
func roleAuthorization(c *call, prefix string) (*appv1.Authorization, error) {
	role, _ := c.str(prefix + "role")
	resourceType, _ := c.str(prefix + "resource_type")
	resourceID, _ := c.str(prefix + "resource_id")
	auth, err := newRoleAuthorization(prefix, role, resourceType, resourceID)
	if err != nil {
		return nil, err
	}
	auth.IdentityId, _ = c.str(prefix + "identity_id")
	return auth, nil
}

// newRoleAuthorization checks role and resourceType, whose errors name
// them path+"role" and path+"resource_type", and builds the Authorization
// the Python SDK sends for a role (add_role's, or each of create_key's):
// type "role", id "<resource_type>_<role>". The identity and organization
// are the caller's to fill.
func newRoleAuthorization(path, role, resourceType, resourceID string) (*appv1.Authorization, error) {
	if err := oneOf(path+"role", role, roles); err != nil {
		return nil, err
	}
	if err := oneOf(path+"resource_type", resourceType, resourceTypes); err != nil {
		return nil, err
	}
	return &appv1.Authorization{
		AuthorizationType: "role",
		AuthorizationId:   resourceType + "_" + role,
		ResourceType:      resourceType,
		ResourceId:        resourceID,
	}, nil
}

func oneOf(name, got string, allowed []string) error {
	if slices.Contains(allowed, got) {
		return nil
	}
	return fmt.Errorf("%s: want one of %q, got %q", name, allowed, got)
}
