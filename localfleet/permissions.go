package localfleet

import "slices"

// Roles, resource types and permission strings as Viam names them (API.md §7).
const (
	roleOwner    = "owner"
	roleOperator = "operator"

	resourceOrganization = "organization"
	resourceLocation     = "location"
	resourceRobot        = "robot"

	identityAPIKey = "api-key"
	identityUser   = "user"

	credsTypeAPIKey = "api-key"
)

// Permission strings the fleet checks itself.
const (
	permReadOrganization     = "read_organization"
	permWriteOrganization    = "write_organization"
	permReadFragment         = "read_fragment"
	permWriteFragment        = "write_fragment"
	permReadLocation         = "read_location"
	permWriteLocation        = "write_location"
	permReadLocationSecret   = "read_location_secret"
	permReadRobotSecret      = "read_robot_secret"
	permReadRobot            = "read_robot"
	permReadRobotConfig      = "read_robot_config"
	permReadRobotLogs        = "read_robot_logs"
	permWriteRobot           = "write_robot"
	permReadRobotHistory     = "read_robot_history"
	permReadPrivateRegistry  = "read_private_registry_item"
	permWritePrivateRegistry = "write_private_registry_item"
)

// permRule says who holds a permission. API.md §7.3 gives the strings but no
// mapping; this follows its inference: owners hold everything within the
// scope of their grant, organization-only strings need an organization
// grant, and operators hold only reading the organization (organization
// operators), locations and machines, controlling machines, and reading
// data.
type permRule struct {
	operators  bool // operators hold it too
	orgOnly    bool // only an organization-level grant gives it
	anyOwnerIn bool // an owner grant anywhere in the organization gives it
}

var permRules = map[string]permRule{
	permReadOrganization:                 {operators: true, orgOnly: true},
	permWriteOrganization:                {orgOnly: true},
	permReadFragment:                     {anyOwnerIn: true},
	permWriteFragment:                    {orgOnly: true},
	permReadLocation:                     {operators: true},
	permWriteLocation:                    {},
	permReadLocationSecret:               {},
	permReadRobotSecret:                  {},
	permReadRobot:                        {operators: true},
	permReadRobotConfig:                  {},
	permReadRobotLogs:                    {},
	permWriteRobot:                       {},
	"control_robot":                      {operators: true},
	permReadRobotHistory:                 {},
	"read_organization_data_management":  {operators: true, orgOnly: true},
	"read_location_data_management":      {operators: true},
	"read_robot_data_management":         {operators: true},
	"write_organization_data_management": {orgOnly: true},
	"write_location_data_management":     {},
	"write_robot_data_management":        {},
	"write_data_management":              {},
	"read_mapping_sessions":              {},
	"create_maps":                        {},
	permWritePrivateRegistry:             {orgOnly: true},
	"write_public_registry_item":         {orgOnly: true},
	permReadPrivateRegistry:              {orgOnly: true},
	"train_models":                       {},
	"read_packages":                      {},
	"write_packages":                     {},
	"delete_packages":                    {orgOnly: true},
	"configure_database_user":            {orgOnly: true},
	"get_database_connection":            {orgOnly: true},
	"create_dataset":                     {},
	"list_dataset":                       {},
	"rename_dataset":                     {orgOnly: true},
	"delete_dataset":                     {orgOnly: true},
}

// grant is one role an identity holds on one resource.
type grant struct {
	orgID        string
	role         string
	resourceType string
	resourceID   string
}

// scope is the resource a call touches, with what grants can cover it: its
// organization, and for locations and machines the location chain from the
// nearest location up to the top level.
type scope struct {
	kind      string // resourceOrganization, resourceLocation or resourceRobot
	id        string
	orgID     string
	locations []string
	// sharedWith are the other organizations the location is shared into:
	// their organization grants cover it as their own (rpc_sharing.go).
	sharedWith []string
}

func orgScope(orgID string) scope {
	return scope{kind: resourceOrganization, id: orgID, orgID: orgID}
}

// covers reports whether g applies to the resource in sc.
func (g grant) covers(sc scope) bool {
	if g.orgID != sc.orgID {
		return g.resourceType == resourceOrganization && slices.Contains(sc.sharedWith, g.orgID)
	}
	switch g.resourceType {
	case resourceOrganization:
		return true
	case resourceLocation:
		for _, id := range sc.locations {
			if id == g.resourceID {
				return true
			}
		}
	case resourceRobot:
		return sc.kind == resourceRobot && sc.id == g.resourceID
	}
	return false
}

// holds reports whether the grants give perm on the resource in sc.
// Unknown permission strings are never held.
func holds(grants []grant, perm string, sc scope) bool {
	rule, ok := permRules[perm]
	if !ok {
		return false
	}
	for _, g := range grants {
		if g.role != roleOwner && !(g.role == roleOperator && rule.operators) {
			continue
		}
		switch {
		case rule.anyOwnerIn && g.role == roleOwner:
			if g.orgID == sc.orgID {
				return true
			}
		case rule.orgOnly:
			if g.resourceType == resourceOrganization && g.orgID == sc.orgID {
				return true
			}
		default:
			if g.covers(sc) {
				return true
			}
		}
	}
	return false
}

func validRole(role string) bool { return role == roleOwner || role == roleOperator }
