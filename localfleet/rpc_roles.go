package localfleet

import (
	"context"
	"fmt"

	apppb "go.viam.com/api/app/v1"
)

// AddRole grants a role to a member or API key of the organization. The
// caller must own the resource.
func (s *service) AddRole(ctx context.Context, req *apppb.AddRoleRequest) (*apppb.AddRoleResponse, error) {
	a := req.GetAuthorization()
	g, err := s.grantFromAuthorization(ctx, "authorization", a)
	if err != nil {
		return nil, err
	}
	kind, err := s.identityType(ctx, "authorization.identity_id", g.orgID, a.GetIdentityId())
	if err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO grants (id, org_id, identity_id, identity_type, role, resource_type, resource_id)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, s.ids.UUID(), g.orgID, a.GetIdentityId(), kind, g.role, g.resourceType, g.resourceID)
	if err != nil {
		return nil, storageError("add role", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, alreadyExistsf("authorization: %s %q already holds %s on %s %q", kind, a.GetIdentityId(), g.role, g.resourceType, g.resourceID)
	}
	s.auth.invalidate()
	return &apppb.AddRoleResponse{}, nil
}

// RemoveRole takes a role away. The caller must own the resource.
func (s *service) RemoveRole(ctx context.Context, req *apppb.RemoveRoleRequest) (*apppb.RemoveRoleResponse, error) {
	a := req.GetAuthorization()
	g, err := s.grantFromAuthorization(ctx, "authorization", a)
	if err != nil {
		return nil, err
	}
	if err := checkUUID("authorization.identity_id", "identity", a.GetIdentityId()); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM grants WHERE identity_id = ? AND role = ? AND resource_type = ? AND resource_id = ?`,
		a.GetIdentityId(), g.role, g.resourceType, g.resourceID)
	if err != nil {
		return nil, storageError("remove role", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound("authorization", fmt.Sprintf("%s %s on %s %s", a.GetIdentityId(), g.role, g.resourceType, g.resourceID))
	}
	s.auth.invalidate()
	return &apppb.RemoveRoleResponse{}, nil
}

// ListAuthorizations lists every grant in the organization (to members and
// API keys), optionally only those on the given resources.
func (s *service) ListAuthorizations(ctx context.Context, req *apppb.ListAuthorizationsRequest) (*apppb.ListAuthorizationsResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permReadOrganization)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for i, id := range req.GetResourceIds() {
		if id == "" {
			return nil, invalidArgf("resource_ids[%d]: must not be empty", i)
		}
		want[id] = true
	}
	rows, err := s.db.QueryContext(ctx, `SELECT identity_id, identity_type, role, resource_type, resource_id FROM grants
WHERE org_id = ? ORDER BY rowid`, orgID)
	if err != nil {
		return nil, storageError("list authorizations", err)
	}
	defer rows.Close()
	resp := &apppb.ListAuthorizationsResponse{}
	for rows.Next() {
		g := grant{orgID: orgID}
		var identityID, identityType string
		if err := rows.Scan(&identityID, &identityType, &g.role, &g.resourceType, &g.resourceID); err != nil {
			return nil, storageError("list authorizations", err)
		}
		if len(want) == 0 || want[g.resourceID] {
			resp.Authorizations = append(resp.Authorizations, authorizationOf(g, identityID, identityType))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list authorizations", err)
	}
	return resp, nil
}

// CheckPermissions returns, for each resource asked about, the permissions
// among those asked that the caller holds (API.md §7.3).
func (s *service) CheckPermissions(ctx context.Context, req *apppb.CheckPermissionsRequest) (*apppb.CheckPermissionsResponse, error) {
	if len(req.GetPermissions()) == 0 {
		return nil, invalidArgf("permissions: at least one resource with permissions to check is required")
	}
	resp := &apppb.CheckPermissionsResponse{}
	for i, p := range req.GetPermissions() {
		field := fmt.Sprintf("permissions[%d]", i)
		for j, perm := range p.GetPermissions() {
			if _, ok := permRules[perm]; !ok {
				return nil, invalidArgf("%s.permissions[%d]: unknown permission %q (see API.md §7.3 for the list)", field, j, perm)
			}
		}
		// resolveGrant validates the resource; the role is a placeholder.
		_, sc, err := s.resolveGrant(ctx, field, roleOwner, p.GetResourceType(), p.GetResourceId(), "")
		if err != nil {
			return nil, err
		}
		held := &apppb.AuthorizedPermissions{ResourceType: p.GetResourceType(), ResourceId: p.GetResourceId(), Permissions: []string{}}
		for _, perm := range p.GetPermissions() {
			if s.can(ctx, perm, sc) {
				held.Permissions = append(held.Permissions, perm)
			}
		}
		resp.AuthorizedPermissions = append(resp.AuthorizedPermissions, held)
	}
	return resp, nil
}
