package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// userFor returns the id of the user with the email, creating the user if
// the email is new.
func (s *service) userFor(ctx context.Context, tx *txn, email string) (string, error) {
	var userID string
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, email).Scan(&userID)
	if err == sql.ErrNoRows {
		userID = s.ids.UUID()
		_, err = tx.ExecContext(ctx, `INSERT INTO users (id, email) VALUES (?, ?)`, userID, email)
	}
	if err != nil {
		return "", fmt.Errorf("insert user %q: %w", email, err)
	}
	return userID, nil
}

// insertMember adds a user (created if the email is new) to an organization
// with the given grants and returns the user id.
func (s *service) insertMember(ctx context.Context, tx *txn, orgID, email string, grants []grant) (string, error) {
	if err := checkEmail("email", email); err != nil {
		return "", err
	}
	userID, err := s.userFor(ctx, tx, email)
	if err != nil {
		return "", err
	}
	now := s.clock.Now().UnixNano()
	if _, err := tx.ExecContext(ctx, `INSERT INTO members (org_id, user_id, date_added, last_login, last_access) VALUES (?, ?, ?, ?, ?)`,
		orgID, userID, now, now, now); err != nil {
		return "", fmt.Errorf("insert member %q: %w", email, err)
	}
	for _, g := range grants {
		if err := s.insertGrant(ctx, tx, userID, identityUser, g); err != nil {
			return "", err
		}
	}
	return userID, nil
}

// ListOrganizationMembers returns the members, with their emails, and the
// pending invites.
func (s *service) ListOrganizationMembers(ctx context.Context, req *apppb.ListOrganizationMembersRequest) (*apppb.ListOrganizationMembersResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permReadOrganization)
	if err != nil {
		return nil, err
	}
	resp := &apppb.ListOrganizationMembersResponse{OrganizationId: orgID}
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, u.email, m.date_added, m.last_login, m.last_access
FROM members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? ORDER BY m.rowid`, orgID)
	if err != nil {
		return nil, storageError("list members", err)
	}
	for rows.Next() {
		var (
			m                 apppb.OrganizationMember
			email             string
			added             int64
			login, lastAccess sql.NullInt64
		)
		if err := rows.Scan(&m.UserId, &email, &added, &login, &lastAccess); err != nil {
			rows.Close()
			return nil, storageError("list members", err)
		}
		m.Emails = []string{email}
		m.DateAdded = timestamppb.New(nanos(added))
		if login.Valid {
			m.LastLogin = timestamppb.New(nanos(login.Int64))
		}
		if lastAccess.Valid {
			m.LastAccess = timestamppb.New(nanos(lastAccess.Int64))
		}
		resp.Members = append(resp.Members, &m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("list members", err)
	}
	emails, err := s.inviteEmails(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, email := range emails {
		inv, err := s.loadInvite(ctx, s.db, orgID, email)
		if err != nil {
			return nil, err
		}
		resp.Invites = append(resp.Invites, inv)
	}
	return resp, nil
}

// DeleteOrganizationMember removes a user from the organization with every
// grant they held in it.
func (s *service) DeleteOrganizationMember(ctx context.Context, req *apppb.DeleteOrganizationMemberRequest) (*apppb.DeleteOrganizationMemberResponse, error) {
	if err := checkUUID("user_id", "user", req.GetUserId()); err != nil {
		return nil, err
	}
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permWriteOrganization)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM members WHERE org_id = ? AND user_id = ?`, orgID, req.GetUserId())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("member of organization "+orgID, req.GetUserId())
		}
		return deleteIdentityGrants(ctx, tx, orgID, req.GetUserId())
	})
	if err != nil {
		return nil, storageError("delete member", err)
	}
	s.auth.invalidate()
	return &apppb.DeleteOrganizationMemberResponse{}, nil
}
