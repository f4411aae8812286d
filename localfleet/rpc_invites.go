package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Invites to an organization: an email and the authorizations its owner
// will hold on accepting (in the web app; the local fleet sends no email).
// Changing invites needs write_organization.

// insertInvite records an invite with its grants.
func (s *service) insertInvite(ctx context.Context, tx *txn, orgID, email string, grants []grant) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO invites (org_id, email, created_on) VALUES (?, ?, ?)`, orgID, email, s.clock.Now().UnixNano())
	if isUniqueViolation(err) {
		return alreadyExistsf("email: %q already has a pending invite to organization %q", email, orgID)
	}
	if err != nil {
		return fmt.Errorf("insert invite %q: %w", email, err)
	}
	for _, g := range grants {
		if err := setInviteGrant(ctx, tx, orgID, email, g); err != nil {
			return err
		}
	}
	return nil
}

// setInviteGrant gives the invite the role on the resource, replacing the
// role it held there: an invite holds one role per resource.
func setInviteGrant(ctx context.Context, tx *txn, orgID, email string, g grant) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO invite_grants (org_id, email, role, resource_type, resource_id) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (org_id, email, resource_type, resource_id) DO UPDATE SET role = excluded.role`,
		orgID, email, g.role, g.resourceType, g.resourceID)
	if err != nil {
		return fmt.Errorf("insert invite grant: %w", err)
	}
	return nil
}

// loadInvite returns a pending invite with its authorizations, NotFound if
// there is none for the email.
func (s *service) loadInvite(ctx context.Context, q querier, orgID, email string) (*apppb.OrganizationInvite, error) {
	inv := &apppb.OrganizationInvite{OrganizationId: orgID, Email: email}
	var created int64
	err := q.QueryRowContext(ctx, `SELECT created_on FROM invites WHERE org_id = ? AND email = ?`, orgID, email).Scan(&created)
	if err == sql.ErrNoRows {
		return nil, notFound("invite for", email)
	}
	if err != nil {
		return nil, storageError("get invite", err)
	}
	inv.CreatedOn = timestamppb.New(nanos(created))
	rows, err := q.QueryContext(ctx, `SELECT role, resource_type, resource_id FROM invite_grants WHERE org_id = ? AND email = ? ORDER BY rowid`, orgID, email)
	if err != nil {
		return nil, storageError("get invite", err)
	}
	defer rows.Close()
	for rows.Next() {
		g := grant{orgID: orgID}
		if err := rows.Scan(&g.role, &g.resourceType, &g.resourceID); err != nil {
			return nil, storageError("get invite", err)
		}
		inv.Authorizations = append(inv.Authorizations, authorizationOf(g, "", ""))
	}
	return inv, rows.Err()
}

// inviteEmails lists the emails with a pending invite, oldest first.
func (s *service) inviteEmails(ctx context.Context, orgID string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT email FROM invites WHERE org_id = ? ORDER BY rowid`, orgID)
	if err != nil {
		return nil, storageError("list invites", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, storageError("list invites", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// inviteGrants validates a list of invite authorizations.
func (s *service) inviteGrants(ctx context.Context, field, orgID string, auths []*apppb.Authorization) ([]grant, error) {
	out := make([]grant, 0, len(auths))
	for i, a := range auths {
		g, err := s.inviteGrant(ctx, fmt.Sprintf("%s[%d]", field, i), orgID, a)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func (s *service) inviteGrant(ctx context.Context, field, orgID string, a *apppb.Authorization) (grant, error) {
	if a.GetOrganizationId() == "" {
		a = &apppb.Authorization{AuthorizationType: a.GetAuthorizationType(), AuthorizationId: a.GetAuthorizationId(),
			ResourceType: a.GetResourceType(), ResourceId: a.GetResourceId(), OrganizationId: orgID}
	}
	g, err := s.grantFromAuthorization(ctx, field, a)
	if err == nil && g.orgID != orgID {
		err = invalidArgf("%s.organization_id: must be %q", field, orgID)
	}
	return g, err
}

// requireInviteChange validates the organization and email of a request
// that changes an invite, checks that the caller may change the
// organization's invites, and returns the organization id.
func (s *service) requireInviteChange(ctx context.Context, orgID, email string) (string, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", orgID, permWriteOrganization)
	if err != nil {
		return "", err
	}
	return orgID, checkEmail("email", email)
}

func (s *service) CreateOrganizationInvite(ctx context.Context, req *apppb.CreateOrganizationInviteRequest) (*apppb.CreateOrganizationInviteResponse, error) {
	orgID, err := s.requireInviteChange(ctx, req.GetOrganizationId(), req.GetEmail())
	if err != nil {
		return nil, err
	}
	grants, err := s.inviteGrants(ctx, "authorizations", orgID, req.GetAuthorizations())
	if err != nil {
		return nil, err
	}
	if len(grants) == 0 { // no authorizations: owner of the organization, as on app.viam.com
		grants = []grant{{orgID: orgID, role: roleOwner, resourceType: resourceOrganization, resourceID: orgID}}
	}
	var inv *apppb.OrganizationInvite
	err = inTx(ctx, s.db, func(tx *txn) error {
		var member int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND u.email = ?`,
			orgID, req.GetEmail()).Scan(&member)
		if err != nil {
			return err
		}
		if member > 0 {
			return alreadyExistsf("email: %q is already a member of organization %q", req.GetEmail(), orgID)
		}
		if err := s.insertInvite(ctx, tx, orgID, req.GetEmail(), grants); err != nil {
			return err
		}
		inv, err = s.loadInvite(ctx, tx, orgID, req.GetEmail())
		return err
	})
	if err != nil {
		return nil, storageError("create invite", err)
	}
	return &apppb.CreateOrganizationInviteResponse{Invite: inv}, nil
}

// UpdateOrganizationInviteAuthorizations adds and removes an invite's
// authorizations; it must keep at least one (delete the invite instead).
func (s *service) UpdateOrganizationInviteAuthorizations(ctx context.Context, req *apppb.UpdateOrganizationInviteAuthorizationsRequest) (*apppb.UpdateOrganizationInviteAuthorizationsResponse, error) {
	orgID, err := s.requireInviteChange(ctx, req.GetOrganizationId(), req.GetEmail())
	if err != nil {
		return nil, err
	}
	if len(req.GetAddAuthorizations()) == 0 && len(req.GetRemoveAuthorizations()) == 0 {
		return nil, invalidArgf("add_authorizations, remove_authorizations: give at least one authorization to add or remove")
	}
	if _, err := s.loadInvite(ctx, s.db, orgID, req.GetEmail()); err != nil {
		return nil, err
	}
	add, err := s.inviteGrants(ctx, "add_authorizations", orgID, req.GetAddAuthorizations())
	if err != nil {
		return nil, err
	}
	remove, err := s.inviteGrants(ctx, "remove_authorizations", orgID, req.GetRemoveAuthorizations())
	if err != nil {
		return nil, err
	}
	var inv *apppb.OrganizationInvite
	err = inTx(ctx, s.db, func(tx *txn) error {
		for _, g := range remove {
			if _, err := tx.ExecContext(ctx, `DELETE FROM invite_grants WHERE org_id = ? AND email = ? AND role = ? AND resource_type = ? AND resource_id = ?`,
				orgID, req.GetEmail(), g.role, g.resourceType, g.resourceID); err != nil {
				return err
			}
		}
		for _, g := range add {
			if err := setInviteGrant(ctx, tx, orgID, req.GetEmail(), g); err != nil {
				return err
			}
		}
		var err error
		if inv, err = s.loadInvite(ctx, tx, orgID, req.GetEmail()); err != nil {
			return err
		}
		if len(inv.Authorizations) == 0 {
			return preconditionf("remove_authorizations: the invite for %q would have no authorization left; delete the invite instead", req.GetEmail())
		}
		return nil
	})
	if err != nil {
		return nil, storageError("update invite", err)
	}
	return &apppb.UpdateOrganizationInviteAuthorizationsResponse{Invite: inv}, nil
}

func (s *service) DeleteOrganizationInvite(ctx context.Context, req *apppb.DeleteOrganizationInviteRequest) (*apppb.DeleteOrganizationInviteResponse, error) {
	orgID, err := s.requireInviteChange(ctx, req.GetOrganizationId(), req.GetEmail())
	if err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM invites WHERE org_id = ? AND email = ?`, orgID, req.GetEmail())
	if err != nil {
		return nil, storageError("delete invite", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound("invite for", req.GetEmail())
	}
	return &apppb.DeleteOrganizationInviteResponse{}, nil
}

// ResendOrganizationInvite returns the pending invite; the local fleet
// sends no email.
func (s *service) ResendOrganizationInvite(ctx context.Context, req *apppb.ResendOrganizationInviteRequest) (*apppb.ResendOrganizationInviteResponse, error) {
	orgID, err := s.requireInviteChange(ctx, req.GetOrganizationId(), req.GetEmail())
	if err != nil {
		return nil, err
	}
	inv, err := s.loadInvite(ctx, s.db, orgID, req.GetEmail())
	if err != nil {
		return nil, err
	}
	return &apppb.ResendOrganizationInviteResponse{Invite: inv}, nil
}
