package localfleet

import (
	"context"

	apppb "go.viam.com/api/app/v1"
)

// minPasswordLen is the shortest password an OAuth app user may choose.
const minPasswordLen = 8

// CreateOAuthAppUser registers a person as a user of an OAuth app (making
// the Viam user if the email is new). The local fleet has no OAuth login
// of its own, so the password is checked but never stored, and the auth
// and refresh tokens are opaque values that nothing accepts.
func (s *service) CreateOAuthAppUser(ctx context.Context, req *apppb.CreateOAuthAppUserRequest) (*apppb.CreateOAuthAppUserResponse, error) {
	if _, _, err := s.oauthAppRequest(ctx, req.GetOrgId(), "application_id", req.GetApplicationId()); err != nil {
		return nil, err
	}
	if err := checkEmail("email", req.GetEmail()); err != nil {
		return nil, err
	}
	for _, f := range []struct{ field, value string }{{"first_name", req.GetFirstName()}, {"last_name", req.GetLastName()}} {
		if err := checkName(f.field, f.value); err != nil {
			return nil, err
		}
	}
	if len([]rune(req.GetPassword())) < minPasswordLen {
		return nil, invalidArgf("password: must be at least %d characters", minPasswordLen)
	}
	resp := &apppb.CreateOAuthAppUserResponse{RegistrationId: s.ids.UUID()}
	err := inTx(ctx, s.db, func(tx *txn) error {
		var err error
		if resp.UserId, err = s.userFor(ctx, tx, req.GetEmail()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO oauth_app_users (client_id, user_id, registration_id, created_on) VALUES (?, ?, ?, ?)`,
			req.GetApplicationId(), resp.UserId, resp.RegistrationId, s.clock.Now().UnixNano())
		switch {
		case isUniqueViolation(err):
			return alreadyExistsf("email: %q is already a user of OAuth app %q", req.GetEmail(), req.GetApplicationId())
		case isForeignKeyViolation(err): // deleted by a concurrent call
			return notFound("OAuth app", req.GetApplicationId())
		}
		return err
	})
	if err != nil {
		return nil, storageError("create OAuth app user", err)
	}
	resp.AuthToken, resp.RefreshToken = s.ids.Secret(), s.ids.Secret()
	return resp, nil
}
