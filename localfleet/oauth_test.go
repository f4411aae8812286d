package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func isCode(err error, code codes.Code) bool { return status.Code(err) == code }

func oauthConfig(redirect string) *apppb.OAuthConfig {
	return &apppb.OAuthConfig{
		ClientAuthentication: apppb.ClientAuthentication_CLIENT_AUTHENTICATION_REQUIRED,
		Pkce:                 apppb.PKCE_PKCE_REQUIRED,
		UrlValidation:        apppb.URLValidation_URL_VALIDATION_EXACT_MATCH,
		OriginUris:           []string{"https://app.example.com"},
		RedirectUris:         []string{redirect},
		LogoutUri:            "https://app.example.com/logout",
		EnabledGrants:        []apppb.EnabledGrant{apppb.EnabledGrant_ENABLED_GRANT_AUTHORIZATION_CODE, apppb.EnabledGrant_ENABLED_GRANT_PASSWORD},
	}
}

// oauthApp turns the auth service on (if it is off) and creates an OAuth app.
func (f *testFleet) oauthApp(name string) *apppb.CreateOAuthAppResponse {
	f.t.Helper()
	_, err := f.app.EnableAuthService(ctx, &apppb.EnableAuthServiceRequest{OrgId: f.orgID})
	if err != nil && !isCode(err, codes.AlreadyExists) {
		f.t.Fatalf("EnableAuthService: %v", err)
	}
	app, err := f.app.CreateOAuthApp(ctx, &apppb.CreateOAuthAppRequest{OrgId: f.orgID, ClientName: name, OauthConfig: oauthConfig("https://app.example.com/cb")})
	if err != nil {
		f.t.Fatalf("CreateOAuthApp: %v", err)
	}
	return app
}

func (f *testFleet) listOAuthApps() ([]string, error) {
	resp, err := f.app.ListOAuthApps(ctx, &apppb.ListOAuthAppsRequest{OrgId: f.orgID})
	return resp.GetClientIds(), err
}

func TestOAuthAppLifecycle(t *testing.T) {
	f := demoFleet(t)
	_, err := f.listOAuthApps()
	wantCode(t, err, codes.FailedPrecondition, "auth service")

	created := f.oauthApp("Portal")
	if !isUUID(created.ClientId) || len(created.ClientSecret) != 32 {
		t.Fatalf("CreateOAuthApp = %v", created)
	}
	_, err = f.app.EnableAuthService(ctx, &apppb.EnableAuthServiceRequest{OrgId: f.orgID})
	wantCode(t, err, codes.AlreadyExists, "already has the auth service")
	var stored int
	if err := f.srv.svc.db.QueryRow(`SELECT COUNT(*) FROM oauth_apps WHERE secret_hash = ?`, hashSecret(created.ClientSecret)).Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("the client secret is not stored hashed: %d, %v", stored, err)
	}

	read, err := f.app.ReadOAuthApp(ctx, &apppb.ReadOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId})
	if err != nil || read.ClientName != "Portal" || read.ClientSecret != "" || !proto.Equal(read.OauthConfig, oauthConfig("https://app.example.com/cb")) {
		t.Fatalf("ReadOAuthApp = %v, %v", read, err)
	}
	_, err = f.app.CreateOAuthApp(ctx, &apppb.CreateOAuthAppRequest{OrgId: f.orgID, ClientName: "Portal", OauthConfig: oauthConfig("https://x.example.com")})
	wantCode(t, err, codes.AlreadyExists, `"Portal"`)

	second := f.oauthApp("Kiosk")
	if ids, err := f.listOAuthApps(); err != nil || len(ids) != 2 || ids[0] != created.ClientId || ids[1] != second.ClientId {
		t.Fatalf("ListOAuthApps = %v, %v", ids, err)
	}
	if _, err := f.app.UpdateOAuthApp(ctx, &apppb.UpdateOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId,
		ClientName: "Portal 2", OauthConfig: oauthConfig("https://app.example.com/cb2")}); err != nil {
		t.Fatal(err)
	}
	read, err = f.app.ReadOAuthApp(ctx, &apppb.ReadOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId})
	if err != nil || read.ClientName != "Portal 2" || read.OauthConfig.RedirectUris[0] != "https://app.example.com/cb2" {
		t.Fatalf("ReadOAuthApp after update = %v, %v", read, err)
	}
	_, err = f.app.UpdateOAuthApp(ctx, &apppb.UpdateOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId,
		ClientName: "Kiosk", OauthConfig: oauthConfig("https://app.example.com/cb2")})
	wantCode(t, err, codes.AlreadyExists, `"Kiosk"`)

	if _, err := f.app.DeleteOAuthApp(ctx, &apppb.DeleteOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.ReadOAuthApp(ctx, &apppb.ReadOAuthAppRequest{OrgId: f.orgID, ClientId: created.ClientId})
	wantCode(t, err, codes.NotFound, created.ClientId)

	// Disabling the auth service takes the apps with it.
	if _, err := f.app.DisableAuthService(ctx, &apppb.DisableAuthServiceRequest{OrgId: f.orgID}); err != nil {
		t.Fatal(err)
	}
	_, err = f.app.DisableAuthService(ctx, &apppb.DisableAuthServiceRequest{OrgId: f.orgID})
	wantCode(t, err, codes.FailedPrecondition, "enable it first")
	if _, err := f.app.EnableAuthService(ctx, &apppb.EnableAuthServiceRequest{OrgId: f.orgID}); err != nil {
		t.Fatal(err)
	}
	if ids, err := f.listOAuthApps(); err != nil || len(ids) != 0 {
		t.Fatalf("ListOAuthApps after disabling = %v, %v", ids, err)
	}
}

func TestCreateOAuthAppUser(t *testing.T) {
	f := demoFleet(t)
	app := f.oauthApp("Portal")
	req := &apppb.CreateOAuthAppUserRequest{OrgId: f.orgID, ApplicationId: app.ClientId,
		Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Password: "correct horse"}
	user, err := f.app.CreateOAuthAppUser(ctx, req)
	if err != nil || !isUUID(user.UserId) || !isUUID(user.RegistrationId) || user.AuthToken == "" || user.RefreshToken == "" {
		t.Fatalf("CreateOAuthAppUser = %v, %v", user, err)
	}
	_, err = f.app.CreateOAuthAppUser(ctx, req)
	wantCode(t, err, codes.AlreadyExists, "ada@example.com")

	// The same person in a second app is the same user.
	req.ApplicationId = f.oauthApp("Kiosk").ClientId
	again, err := f.app.CreateOAuthAppUser(ctx, req)
	if err != nil || again.UserId != user.UserId || again.RegistrationId == user.RegistrationId {
		t.Fatalf("CreateOAuthAppUser in a second app = %v, %v", again, err)
	}
}

func TestOAuthAppErrors(t *testing.T) {
	f := demoFleet(t)
	app := f.oauthApp("Portal")
	other := f.ownedOrg("Other")
	if _, err := f.app.EnableAuthService(ctx, &apppb.EnableAuthServiceRequest{OrgId: other.Id}); err != nil {
		t.Fatal(err)
	}
	withConfig := func(edit func(c *apppb.OAuthConfig)) error {
		c := oauthConfig("https://app.example.com/cb")
		edit(c)
		_, err := f.app.CreateOAuthApp(ctx, &apppb.CreateOAuthAppRequest{OrgId: f.orgID, ClientName: "New", OauthConfig: c})
		return err
	}
	user := func(edit func(r *apppb.CreateOAuthAppUserRequest)) error {
		r := &apppb.CreateOAuthAppUserRequest{OrgId: f.orgID, ApplicationId: app.ClientId,
			Email: "bob@example.com", FirstName: "Bob", LastName: "Builder", Password: "long enough"}
		edit(r)
		_, err := f.app.CreateOAuthAppUser(ctx, r)
		return err
	}
	tests := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"malformed client id", func() error {
			_, err := f.app.ReadOAuthApp(ctx, &apppb.ReadOAuthAppRequest{OrgId: f.orgID, ClientId: "nope"})
			return err
		}(), codes.InvalidArgument, "client_id"},
		{"unknown client id", func() error {
			_, err := f.app.DeleteOAuthApp(ctx, &apppb.DeleteOAuthAppRequest{OrgId: f.orgID, ClientId: unknownUUID})
			return err
		}(), codes.NotFound, unknownUUID},
		{"app of another organization", func() error {
			_, err := f.app.ReadOAuthApp(ctx, &apppb.ReadOAuthAppRequest{OrgId: other.Id, ClientId: app.ClientId})
			return err
		}(), codes.NotFound, app.ClientId},
		{"unknown org", func() error {
			_, err := f.app.EnableAuthService(ctx, &apppb.EnableAuthServiceRequest{OrgId: unknownUUID})
			return err
		}(), codes.NotFound, "organization"},
		{"empty name", func() error {
			_, err := f.app.CreateOAuthApp(ctx, &apppb.CreateOAuthAppRequest{OrgId: f.orgID, OauthConfig: oauthConfig("https://x.example.com")})
			return err
		}(), codes.InvalidArgument, "client_name"},
		{"no config", func() error {
			_, err := f.app.UpdateOAuthApp(ctx, &apppb.UpdateOAuthAppRequest{OrgId: f.orgID, ClientId: app.ClientId, ClientName: "X"})
			return err
		}(), codes.InvalidArgument, "oauth_config"},
		{"unspecified pkce", withConfig(func(c *apppb.OAuthConfig) { c.Pkce = 0 }), codes.InvalidArgument, "oauth_config.pkce"},
		{"unknown url validation", withConfig(func(c *apppb.OAuthConfig) { c.UrlValidation = 42 }), codes.InvalidArgument, "oauth_config.url_validation"},
		{"no grants", withConfig(func(c *apppb.OAuthConfig) { c.EnabledGrants = nil }), codes.InvalidArgument, "enabled_grants"},
		{"relative redirect", withConfig(func(c *apppb.OAuthConfig) { c.RedirectUris = []string{"/cb"} }), codes.InvalidArgument, "oauth_config.redirect_uris"},
		{"user of unknown app", user(func(r *apppb.CreateOAuthAppUserRequest) { r.ApplicationId = unknownUUID }), codes.NotFound, unknownUUID},
		{"user with bad email", user(func(r *apppb.CreateOAuthAppUserRequest) { r.Email = "bob" }), codes.InvalidArgument, "email"},
		{"user without last name", user(func(r *apppb.CreateOAuthAppUserRequest) { r.LastName = "" }), codes.InvalidArgument, "last_name"},
		{"user with short password", user(func(r *apppb.CreateOAuthAppUserRequest) { r.Password = "short" }), codes.InvalidArgument, "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code, tt.msg) })
	}
}

// TestOAuthAppRoles: only organization owners manage OAuth apps.
func TestOAuthAppRoles(t *testing.T) {
	f := demoFleet(t)
	f.oauthApp("Portal")
	operator, _ := f.keyWith(f.auth("operator", "organization", f.orgID))
	locOwner, _ := f.keyWith(f.auth("owner", "location", f.locationID("Warehouse")))
	for name, c := range map[string]apppb.AppServiceClient{"org operator": operator, "location owner": locOwner} {
		_, err := c.ListOAuthApps(ctx, &apppb.ListOAuthAppsRequest{OrgId: f.orgID})
		wantCode(t, err, codes.PermissionDenied, `"write_organization"`)
		_, err = c.DisableAuthService(ctx, &apppb.DisableAuthServiceRequest{OrgId: f.orgID})
		if !isCode(err, codes.PermissionDenied) {
			t.Errorf("%s: DisableAuthService = %v, want PermissionDenied", name, err)
		}
	}
}
