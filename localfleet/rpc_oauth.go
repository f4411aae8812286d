package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The auth service and its OAuth apps: an organization's own login for the
// applications it builds on Viam. Every call needs write_organization (the
// apps configure how people log in to the organization's products), and
// every OAuth app call needs the auth service enabled (FailedPrecondition
// otherwise). Client secrets are stored hashed, like API key secrets: the
// secret is in CreateOAuthApp's response only, and ReadOAuthApp returns
// client_secret empty.

func (s *service) EnableAuthService(ctx context.Context, req *apppb.EnableAuthServiceRequest) (*apppb.EnableAuthServiceResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO auth_services (org_id, enabled_on) VALUES (?, ?)`, req.GetOrgId(), s.clock.Now().UnixNano())
	if isUniqueViolation(err) {
		return nil, alreadyExistsf("org_id: organization %q already has the auth service enabled", req.GetOrgId())
	}
	if err != nil {
		return nil, storageError("enable auth service", err)
	}
	return &apppb.EnableAuthServiceResponse{}, nil
}

// DisableAuthService turns the auth service off and deletes the
// organization's OAuth apps with it (the Viam CLI asks for confirmation
// before calling it).
func (s *service) DisableAuthService(ctx context.Context, req *apppb.DisableAuthServiceRequest) (*apppb.DisableAuthServiceResponse, error) {
	if _, err := s.requireOrgField(ctx, "org_id", req.GetOrgId(), permWriteOrganization); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM auth_services WHERE org_id = ?`, req.GetOrgId())
	if err != nil {
		return nil, storageError("disable auth service", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, authServiceDisabled(req.GetOrgId())
	}
	return &apppb.DisableAuthServiceResponse{}, nil
}

func authServiceDisabled(orgID string) error {
	return preconditionf("org_id: organization %q does not have the auth service enabled; enable it first", orgID)
}

// authServiceRequest checks an OAuth app call's organization: valid,
// existing, owned by the caller, with the auth service enabled.
func (s *service) authServiceRequest(ctx context.Context, orgID string) error {
	if _, err := s.requireOrgField(ctx, "org_id", orgID, permWriteOrganization); err != nil {
		return err
	}
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM auth_services WHERE org_id = ?`, orgID).Scan(&one)
	if err == sql.ErrNoRows {
		return authServiceDisabled(orgID)
	}
	if err != nil {
		return storageError("look up auth service", err)
	}
	return nil
}

// oauthAppRequest checks an OAuth app call's organization and client id and
// returns the app's stored config, NotFound for an app of no organization
// or of another one.
func (s *service) oauthAppRequest(ctx context.Context, orgID, field, clientID string) (name string, cfg *apppb.OAuthConfig, err error) {
	if err := checkUUID(field, "OAuth app client", clientID); err != nil {
		return "", nil, err
	}
	if err := s.authServiceRequest(ctx, orgID); err != nil {
		return "", nil, err
	}
	var blob []byte
	err = s.db.QueryRowContext(ctx, `SELECT client_name, config FROM oauth_apps WHERE client_id = ? AND org_id = ?`, clientID, orgID).Scan(&name, &blob)
	if err == sql.ErrNoRows {
		return "", nil, notFound("OAuth app", clientID)
	}
	if err != nil {
		return "", nil, storageError("look up OAuth app", err)
	}
	cfg = &apppb.OAuthConfig{}
	if err := proto.Unmarshal(blob, cfg); err != nil {
		return "", nil, storageError("decode OAuth config", err)
	}
	return name, cfg, nil
}

// checkOAuthApp validates a client name and an OAuth config and returns the
// config encoded for storage.
func checkOAuthApp(name string, cfg *apppb.OAuthConfig) ([]byte, error) {
	if err := checkName("client_name", name); err != nil {
		return nil, err
	}
	if cfg == nil {
		return nil, invalidArgf("oauth_config: a config is required")
	}
	for _, e := range []struct {
		field string
		value protoreflect.Enum
	}{
		{"client_authentication", cfg.GetClientAuthentication()},
		{"pkce", cfg.GetPkce()},
		{"url_validation", cfg.GetUrlValidation()},
	} {
		if err := checkEnum("oauth_config."+e.field, e.value); err != nil {
			return nil, err
		}
	}
	if len(cfg.GetEnabledGrants()) == 0 {
		return nil, invalidArgf("oauth_config.enabled_grants: at least one grant is required")
	}
	for i, g := range cfg.GetEnabledGrants() {
		if err := checkEnum(fmt.Sprintf("oauth_config.enabled_grants[%d]", i), g); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		field string
		uris  []string
	}{
		{"origin_uris", cfg.GetOriginUris()},
		{"redirect_uris", cfg.GetRedirectUris()},
		{"logout_uri", []string{cfg.GetLogoutUri()}},
		{"invite_redirect_uri", []string{cfg.GetInviteRedirectUri()}},
	} {
		for _, u := range f.uris {
			if err := checkURI("oauth_config."+f.field, u); err != nil {
				return nil, err
			}
		}
	}
	blob, err := proto.Marshal(cfg)
	if err != nil {
		return nil, storageError("encode OAuth config", err)
	}
	return blob, nil
}

// checkURI accepts "" (not set) or an absolute URI with a host; wildcards
// such as https://*.example.com are left to url_validation.
func checkURI(field, uri string) error {
	if uri == "" {
		return nil
	}
	if u, err := url.Parse(uri); err != nil || u.Scheme == "" || u.Host == "" {
		return invalidArgf("%s: %q is not an absolute URI such as https://example.com/callback", field, uri)
	}
	return nil
}

// CreateOAuthApp registers an app; the client secret is in this response
// only. Client names are unique within the organization.
func (s *service) CreateOAuthApp(ctx context.Context, req *apppb.CreateOAuthAppRequest) (*apppb.CreateOAuthAppResponse, error) {
	if err := s.authServiceRequest(ctx, req.GetOrgId()); err != nil {
		return nil, err
	}
	blob, err := checkOAuthApp(req.GetClientName(), req.GetOauthConfig())
	if err != nil {
		return nil, err
	}
	id, secret := s.ids.UUID(), s.ids.Secret()
	_, err = s.db.ExecContext(ctx, `INSERT INTO oauth_apps (client_id, org_id, client_name, secret_hash, config, created_on) VALUES (?, ?, ?, ?, ?, ?)`,
		id, req.GetOrgId(), req.GetClientName(), hashSecret(secret), blob, s.clock.Now().UnixNano())
	if err := oauthAppWriteError(err, req.GetOrgId(), req.GetClientName()); err != nil {
		return nil, err
	}
	return &apppb.CreateOAuthAppResponse{ClientId: id, ClientSecret: secret}, nil
}

// oauthAppWriteError names what a failed insert or update of an app ran into.
func oauthAppWriteError(err error, orgID, name string) error {
	switch {
	case err == nil:
		return nil
	case isUniqueViolation(err):
		return alreadyExistsf("client_name: organization %q already has an OAuth app named %q", orgID, name)
	case isForeignKeyViolation(err): // disabled by a concurrent call
		return authServiceDisabled(orgID)
	}
	return storageError("store OAuth app", err)
}

// ReadOAuthApp returns the app's name and config; client_secret is always
// empty, since only its hash is kept.
func (s *service) ReadOAuthApp(ctx context.Context, req *apppb.ReadOAuthAppRequest) (*apppb.ReadOAuthAppResponse, error) {
	name, cfg, err := s.oauthAppRequest(ctx, req.GetOrgId(), "client_id", req.GetClientId())
	if err != nil {
		return nil, err
	}
	return &apppb.ReadOAuthAppResponse{ClientName: name, OauthConfig: cfg}, nil
}

// UpdateOAuthApp replaces the name and the whole config, as the CLI sends
// every flag; the client id and secret stay.
func (s *service) UpdateOAuthApp(ctx context.Context, req *apppb.UpdateOAuthAppRequest) (*apppb.UpdateOAuthAppResponse, error) {
	if _, _, err := s.oauthAppRequest(ctx, req.GetOrgId(), "client_id", req.GetClientId()); err != nil {
		return nil, err
	}
	blob, err := checkOAuthApp(req.GetClientName(), req.GetOauthConfig())
	if err != nil {
		return nil, err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE oauth_apps SET client_name = ?, config = ? WHERE client_id = ?`, req.GetClientName(), blob, req.GetClientId())
	if err := oauthAppWriteError(err, req.GetOrgId(), req.GetClientName()); err != nil {
		return nil, err
	}
	return &apppb.UpdateOAuthAppResponse{}, nil
}

// DeleteOAuthApp deletes the app and its users' registrations.
func (s *service) DeleteOAuthApp(ctx context.Context, req *apppb.DeleteOAuthAppRequest) (*apppb.DeleteOAuthAppResponse, error) {
	if _, _, err := s.oauthAppRequest(ctx, req.GetOrgId(), "client_id", req.GetClientId()); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM oauth_apps WHERE client_id = ?`, req.GetClientId()); err != nil {
		return nil, storageError("delete OAuth app", err)
	}
	return &apppb.DeleteOAuthAppResponse{}, nil
}

// ListOAuthApps lists client ids in the order the apps were created.
func (s *service) ListOAuthApps(ctx context.Context, req *apppb.ListOAuthAppsRequest) (*apppb.ListOAuthAppsResponse, error) {
	if err := s.authServiceRequest(ctx, req.GetOrgId()); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT client_id FROM oauth_apps WHERE org_id = ? ORDER BY created_on, rowid`, req.GetOrgId())
	if err != nil {
		return nil, storageError("list OAuth apps", err)
	}
	defer rows.Close()
	resp := &apppb.ListOAuthAppsResponse{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, storageError("list OAuth apps", err)
		}
		resp.ClientIds = append(resp.ClientIds, id)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list OAuth apps", err)
	}
	return resp, nil
}
