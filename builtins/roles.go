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

// buildRoleAuthorization builds the Authorization as the Python SDK does:
// type "role", id "<resource_type>_<role>", in the call's organization.
func buildRoleAuthorization(c *call, req protoreflect.Message) error {
	role, _ := c.str("role")
	resourceType, _ := c.str("resource_type")
	if err := oneOf("role", role, roles); err != nil {
		return err
	}
	if err := oneOf("resource_type", resourceType, resourceTypes); err != nil {
		return err
	}
	identity, _ := c.str("identity_id")
	resourceID, _ := c.str("resource_id")
	org, err := c.org()
	if err != nil {
		return err
	}
	auth := &appv1.Authorization{
		AuthorizationType: "role",
		AuthorizationId:   resourceType + "_" + role,
		ResourceType:      resourceType,
		ResourceId:        resourceID,
		IdentityId:        identity,
		OrganizationId:    org,
	}
	req.Set(req.Descriptor().Fields().ByName("authorization"), protoreflect.ValueOfMessage(auth.ProtoReflect()))
	return nil
}

func oneOf(name, got string, allowed []string) error {
	if slices.Contains(allowed, got) {
		return nil
	}
	return fmt.Errorf("%s: want one of %q, got %q", name, allowed, got)
}
