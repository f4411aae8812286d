package localfleet

import (
	"context"
	"strings"

	apppb "go.viam.com/api/app/v1"
)

// Looking up users and organizations across organizations. In the local
// fleet users exist as members of organizations, and a caller sees only
// what it could see through ListOrganizationMembers and GetOrganization:
// the organizations it holds read_organization on (organization owners and
// operators). A caller holding that nowhere is refused (PermissionDenied);
// a user or organization outside what it can read is NotFound, so that the
// answer does not tell whether it exists elsewhere.

// readableOrgs fails with PermissionDenied unless the caller may read at
// least one organization, and returns the test for one.
func (s *service) readableOrgs(ctx context.Context) (func(orgID string) bool, error) {
	c := callerOf(ctx)
	readable := func(orgID string) bool { return s.can(ctx, permReadOrganization, orgScope(orgID)) }
	for _, g := range c.grants {
		if readable(g.orgID) {
			return readable, nil
		}
	}
	return nil, permissionDenied(permReadOrganization, orgScope(c.orgID))
}

// GetUserIDByEmail finds a member of an organization the caller can read by
// email, compared case-insensitively.
func (s *service) GetUserIDByEmail(ctx context.Context, req *apppb.GetUserIDByEmailRequest) (*apppb.GetUserIDByEmailResponse, error) {
	if err := checkEmail("email", req.GetEmail()); err != nil {
		return nil, err
	}
	readable, err := s.readableOrgs(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, m.org_id FROM users u JOIN members m ON m.user_id = u.id
WHERE u.email = ? COLLATE NOCASE ORDER BY m.rowid`, req.GetEmail())
	if err != nil {
		return nil, storageError("look up user", err)
	}
	defer rows.Close()
	for rows.Next() {
		var userID, orgID string
		if err := rows.Scan(&userID, &orgID); err != nil {
			return nil, storageError("look up user", err)
		}
		if readable(orgID) {
			return &apppb.GetUserIDByEmailResponse{UserId: userID}, nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("look up user", err)
	}
	return nil, notFound("user with email", req.GetEmail())
}

// ListOrganizationsByUser lists the organizations, among those the caller
// can read, that the user is a member of, in creation order.
func (s *service) ListOrganizationsByUser(ctx context.Context, req *apppb.ListOrganizationsByUserRequest) (*apppb.ListOrganizationsByUserResponse, error) {
	if err := checkUUID("user_id", "user", req.GetUserId()); err != nil {
		return nil, err
	}
	orgs, err := s.visibleOrgDetails(ctx, `WHERE id IN (SELECT org_id FROM members WHERE user_id = ?)`, req.GetUserId())
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, notFound("user", req.GetUserId())
	}
	return &apppb.ListOrganizationsByUserResponse{Orgs: orgs}, nil
}

// SearchOrganizations filters the organizations the caller can read: an
// exact org_id, cid or public_namespace, and org_name as a case-insensitive
// substring. Unset or empty filters match everything.
func (s *service) SearchOrganizations(ctx context.Context, req *apppb.SearchOrganizationsRequest) (*apppb.SearchOrganizationsResponse, error) {
	var (
		conds []string
		args  []any
	)
	if id := req.GetOrgId(); id != "" {
		if err := checkUUID("org_id", "organization", id); err != nil {
			return nil, err
		}
		conds, args = append(conds, "id = ?"), append(args, id)
	}
	if name := req.GetOrgName(); name != "" {
		conds, args = append(conds, "instr(lower(name), lower(?)) > 0"), append(args, name)
	}
	if cid := req.GetCid(); cid != "" {
		conds, args = append(conds, "cid = ?"), append(args, cid)
	}
	if ns := req.GetPublicNamespace(); ns != "" {
		conds, args = append(conds, "public_namespace = ?"), append(args, ns)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	orgs, err := s.visibleOrgDetails(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	return &apppb.SearchOrganizationsResponse{Organizations: orgs}, nil
}

// visibleOrgDetails returns the organizations matching where that the
// caller can read, in creation order.
func (s *service) visibleOrgDetails(ctx context.Context, where string, args ...any) ([]*apppb.OrgDetails, error) {
	readable, err := s.readableOrgs(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations `+where+` ORDER BY rowid`, args...)
	if err != nil {
		return nil, storageError("list organizations", err)
	}
	defer rows.Close()
	var out []*apppb.OrgDetails
	for rows.Next() {
		o, err := scanOrganization(rows)
		if err != nil {
			return nil, storageError("list organizations", err)
		}
		if readable(o.Id) {
			out = append(out, orgDetailsOf(o))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list organizations", err)
	}
	return out, nil
}

// orgDetailsOf is an organization as the search RPCs show it. The local
// fleet has no billing, so billing_tier stays unset.
func orgDetailsOf(o *apppb.Organization) *apppb.OrgDetails {
	d := &apppb.OrgDetails{OrgId: o.Id, OrgName: o.Name, OrgCid: o.Cid}
	if o.PublicNamespace != "" {
		d.PublicNamespace = &o.PublicNamespace
	}
	return d
}

// GetOrganizationsWithAccessToLocation lists the organizations of the
// location (Location.organizations): the one that owns it first, then any
// it is shared with.
func (s *service) GetOrganizationsWithAccessToLocation(ctx context.Context, req *apppb.GetOrganizationsWithAccessToLocationRequest) (*apppb.GetOrganizationsWithAccessToLocationResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permReadLocation)
	if err != nil {
		return nil, err
	}
	l, err := s.loadLocation(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	resp := &apppb.GetOrganizationsWithAccessToLocationResponse{}
	for _, lo := range l.GetOrganizations() {
		if lo.GetPrimary() {
			resp.OrganizationIdentities = append([]*apppb.OrganizationIdentity{l.GetPrimaryOrgIdentity()}, resp.OrganizationIdentities...)
			continue
		}
		o, err := s.loadOrganization(ctx, s.db, lo.GetOrganizationId())
		if err != nil {
			return nil, err
		}
		resp.OrganizationIdentities = append(resp.OrganizationIdentities, &apppb.OrganizationIdentity{Id: o.Id, Name: o.Name})
	}
	return resp, nil
}
