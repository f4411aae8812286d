package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
)

// authorizationType is the only Authorization.authorization_type Viam uses.
const authorizationType = "role"

// managePermission is what a caller needs on a resource to hand out or take
// away roles on it: ownership of it.
func managePermission(resourceType string) string {
	switch resourceType {
	case resourceOrganization:
		return permWriteOrganization
	case resourceLocation:
		return permWriteLocation
	default:
		return permWriteRobot
	}
}

// resolveGrant validates a role on a resource and returns it as a grant
// with the resource's scope. orgID may be "" (then the resource's
// organization is used) or must match it.
func (s *service) resolveGrant(ctx context.Context, field, role, resourceType, resourceID, orgID string) (grant, scope, error) {
	if !validRole(role) {
		return grant{}, scope{}, invalidArgf("%s.role: want \"owner\" or \"operator\", got %q", field, role)
	}
	var (
		sc  scope
		err error
	)
	switch resourceType {
	case resourceOrganization:
		if err = checkUUID(field+".resource_id", "organization", resourceID); err == nil {
			err = s.orgExists(ctx, s.db, resourceID)
			sc = orgScope(resourceID)
		}
	case resourceLocation:
		if err = checkLocationID(field+".resource_id", resourceID); err == nil {
			sc, err = s.locationScope(ctx, s.db, resourceID)
		}
	case resourceRobot:
		if err = checkUUID(field+".resource_id", "machine", resourceID); err == nil {
			var locationID string
			qerr := s.db.QueryRowContext(ctx, `SELECT location_id FROM robots WHERE id = ?`, resourceID).Scan(&locationID)
			switch {
			case qerr == sql.ErrNoRows:
				err = notFound("machine", resourceID)
			case qerr != nil:
				err = storageError("look up machine", qerr)
			default:
				sc, err = s.robotScope(ctx, s.db, resourceID, locationID)
			}
		}
	default:
		return grant{}, scope{}, invalidArgf("%s.resource_type: want \"organization\", \"location\" or \"robot\", got %q", field, resourceType)
	}
	if err != nil {
		return grant{}, scope{}, err
	}
	if orgID != "" && orgID != sc.orgID {
		return grant{}, scope{}, invalidArgf("%s.organization_id: %s %q belongs to organization %q, not %q", field, resourceType, resourceID, sc.orgID, orgID)
	}
	return grant{orgID: sc.orgID, role: role, resourceType: resourceType, resourceID: resourceID}, sc, nil
}

// grantFromAuthorization validates an Authorization message and checks that
// the caller may manage roles on its resource.
func (s *service) grantFromAuthorization(ctx context.Context, field string, a *apppb.Authorization) (grant, error) {
	if a == nil {
		return grant{}, invalidArgf("%s: an authorization is required", field)
	}
	role, err := roleOf(field, a.GetAuthorizationType(), a.GetAuthorizationId(), a.GetResourceType())
	if err != nil {
		return grant{}, err
	}
	g, sc, err := s.resolveGrant(ctx, field, role, a.GetResourceType(), a.GetResourceId(), a.GetOrganizationId())
	if err != nil {
		return grant{}, err
	}
	return g, s.require(ctx, managePermission(g.resourceType), sc)
}

// roleOf reads the role out of authorization_id ("<resource_type>_<role>").
func roleOf(field, authType, authID, resourceType string) (string, error) {
	if authType != "" && authType != authorizationType {
		return "", invalidArgf("%s.authorization_type: want %q, got %q", field, authorizationType, authType)
	}
	for _, role := range []string{roleOwner, roleOperator} {
		if authID == resourceType+"_"+role {
			return role, nil
		}
	}
	return "", invalidArgf("%s.authorization_id: want \"%s_owner\" or \"%s_operator\" to match resource_type %q, got %q",
		field, resourceType, resourceType, resourceType, authID)
}

func authorizationOf(g grant, identityID, identityType string) *apppb.Authorization {
	return &apppb.Authorization{
		AuthorizationType: authorizationType,
		AuthorizationId:   g.resourceType + "_" + g.role,
		ResourceType:      g.resourceType,
		ResourceId:        g.resourceID,
		IdentityId:        identityID,
		OrganizationId:    g.orgID,
		IdentityType:      identityType,
	}
}

func authorizationDetailsOf(g grant) *apppb.AuthorizationDetails {
	return &apppb.AuthorizationDetails{
		AuthorizationType: authorizationType,
		AuthorizationId:   g.resourceType + "_" + g.role,
		ResourceType:      g.resourceType,
		ResourceId:        g.resourceID,
		OrgId:             g.orgID,
	}
}

// identityType returns "api-key" or "user" for an identity of the
// organization, NotFound when it is neither.
func (s *service) identityType(ctx context.Context, field, orgID, identityID string) (string, error) {
	if err := checkUUID(field, "identity", identityID); err != nil {
		return "", err
	}
	var kind string
	err := s.db.QueryRowContext(ctx, `
SELECT 'api-key' FROM api_keys WHERE id = ?1 AND org_id = ?2
UNION ALL SELECT 'user' FROM members WHERE user_id = ?1 AND org_id = ?2`, identityID, orgID).Scan(&kind)
	if err == sql.ErrNoRows {
		return "", notFound(fmt.Sprintf("member or API key of organization %s", orgID), identityID)
	}
	if err != nil {
		return "", storageError("look up identity", err)
	}
	return kind, nil
}

// deleteGrantsOn removes the grants and invite grants on a deleted resource.
func deleteGrantsOn(ctx context.Context, tx *txn, resourceType, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE resource_type = ? AND resource_id = ?`, resourceType, id); err != nil {
		return fmt.Errorf("delete grants on %s %q: %w", resourceType, id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM invite_grants WHERE resource_type = ? AND resource_id = ?`, resourceType, id); err != nil {
		return fmt.Errorf("delete invite grants on %s %q: %w", resourceType, id, err)
	}
	return nil
}

// deleteIdentityGrants removes every grant an identity holds in an
// organization.
func deleteIdentityGrants(ctx context.Context, tx *txn, orgID, identityID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE org_id = ? AND identity_id = ?`, orgID, identityID); err != nil {
		return fmt.Errorf("delete grants of %q: %w", identityID, err)
	}
	return nil
}

// insertGrant gives identityID the role in g; granting a role it already
// holds is a no-op.
func (s *service) insertGrant(ctx context.Context, tx *txn, identityID, identityType string, g grant) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO grants (id, org_id, identity_id, identity_type, role, resource_type, resource_id)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (identity_id, role, resource_type, resource_id) DO NOTHING`,
		s.ids.UUID(), g.orgID, identityID, identityType, g.role, g.resourceType, g.resourceID)
	if err != nil {
		return fmt.Errorf("insert grant: %w", err)
	}
	return nil
}
