package conn

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func base64URL(b []byte) string { return base64.URLEncoding.EncodeToString(b) }

func TestFindCredentialsPrecedence(t *testing.T) {
	savedKey := map[string]any{
		"base_url":         "https://app.viam.com:443",
		"auth":             map[string]any{"key_id": "saved-id", "key_crypto": "saved-key"},
		"default_org":      "saved-org",
		"default_location": "saved-loc",
	}
	savedUser := map[string]any{
		"auth": map[string]any{"access_token": "user-tok", "expires_at": time.Now().Add(time.Hour).Format(time.RFC3339)},
	}
	expiredUser := map[string]any{
		"auth": map[string]any{"access_token": "old-tok", "expires_at": time.Now().Add(-time.Minute).Format(time.RFC3339)},
	}
	flags := Config{APIKeyID: "flag-id", APIKey: "flag-key"}
	envKeys := map[string]string{"VIAM_API_KEY_ID": "env-id", "VIAM_API_KEY": "env-key"}

	tests := []struct {
		name       string
		cfg        Config
		env        map[string]string
		saved      map[string]any
		wantSource string
		wantKeyID  string
		wantToken  string
		wantErr    error
	}{
		{"flags beat env and saved login", flags, envKeys, savedKey, "flags", "flag-id", "", nil},
		{"env beats saved login", Config{}, envKeys, savedKey, "environment", "env-id", "", nil},
		{"saved API key", Config{}, nil, savedKey, "viam login", "saved-id", "", nil},
		{"saved user token", Config{}, nil, savedUser, "viam login", "", "user-tok", nil},
		{"expired user token", Config{}, nil, expiredUser, "", "", "", ErrConfig},
		{"logged out", Config{}, nil, map[string]any{"base_url": "https://app.viam.com:443"}, "", "", "", ErrNoCredentials},
		{"nothing", Config{}, nil, nil, "", "", "", ErrNoCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Getenv = env(tt.env)
			tt.cfg.ViamHome = t.TempDir()
			if tt.saved != nil {
				tt.cfg.ViamHome = writeCLIConfig(t, tt.saved)
			}
			c, err := findCredentials(tt.cfg)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(c.source, tt.wantSource) || c.keyID != tt.wantKeyID || c.accessToken != tt.wantToken {
				t.Errorf("got source %q key id %q token %q; want %q %q %q", c.source, c.keyID, c.accessToken, tt.wantSource, tt.wantKeyID, tt.wantToken)
			}
		})
	}
}

func TestExpiredLoginMessage(t *testing.T) {
	home := writeCLIConfig(t, map[string]any{
		"auth": map[string]any{"access_token": "old-tok-secret", "expires_at": "2020-01-02T03:04:05Z"},
	})
	_, err := findCredentials(Config{Getenv: env(nil), ViamHome: home})
	if err == nil || !strings.Contains(err.Error(), "run `viam login`") || !strings.Contains(err.Error(), "2020-01-02T03:04:05Z") {
		t.Fatalf("err = %v, want the expiry and a hint to run viam login", err)
	}
	if strings.Contains(err.Error(), "old-tok-secret") {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestViamHomeLookup(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		env  map[string]string
		want string
	}{
		{"config wins", Config{ViamHome: "/cfg"}, map[string]string{"VIAM_HOME": "/env", "HOME": "/home/u"}, "/cfg/cached_cli_config.json"},
		{"VIAM_HOME", Config{}, map[string]string{"VIAM_HOME": "/env", "HOME": "/home/u"}, "/env/cached_cli_config.json"},
		{"home", Config{}, map[string]string{"HOME": "/home/u"}, "/home/u/.viam/cached_cli_config.json"},
		{"profile", Config{}, map[string]string{"HOME": "/home/u", "VIAM_CLI_PROFILE_NAME": "work"}, "/home/u/.viam/work_cached_cli_config.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Getenv = env(tt.env)
			got, err := cliConfigPath(tt.cfg)
			if err != nil || got != tt.want {
				t.Errorf("cliConfigPath = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSavedLoginDefaultsAndServer(t *testing.T) {
	f := startFakeFleet(t, "saved-id", "saved-key")
	home := writeCLIConfig(t, map[string]any{
		"base_url":         f.url(),
		"auth":             map[string]any{"key_id": "saved-id", "key_crypto": "saved-key"},
		"default_org":      "saved-org",
		"default_location": "saved-loc",
	})
	c := openFake(t, Config{ViamHome: home})
	if c.OrgID != "saved-org" || c.LocationID != "saved-loc" {
		t.Errorf("defaults = %q/%q, want saved-org/saved-loc", c.OrgID, c.LocationID)
	}
	if err := listOrgs(c); err != nil {
		t.Fatalf("saved login against its base_url: %v", err)
	}
	c = openFake(t, Config{ViamHome: home, OrgID: "flag-org", LocationID: "flag-loc"})
	if c.OrgID != "flag-org" || c.LocationID != "flag-loc" {
		t.Errorf("defaults = %q/%q, want the flags", c.OrgID, c.LocationID)
	}
	_, err := Open(t.Context(), Config{ViamHome: home, Getenv: env(nil), AppURL: "app.viam.com:443"})
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), f.url()) {
		t.Errorf("saved login sent to another server: err = %v", err)
	}
}

func TestUnreadableLoginKeepsSecretsOut(t *testing.T) {
	for name, content := range map[string]string{
		"syntax":     `{"auth": {"key_id": "id", "key_crypto": "very-secret-key"`,
		"wrong type": `{"auth": {"key_id": "id", "key_crypto": 12345678}}`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "cached_cli_config.json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := findCredentials(Config{Getenv: env(nil), ViamHome: dir})
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "viam login") {
			t.Errorf("%s: err = %v, want a config error asking to log in again", name, err)
		}
		if err != nil && (strings.Contains(err.Error(), "very-secret-key") || strings.Contains(err.Error(), "12345678")) {
			t.Errorf("%s: error leaks the key: %v", name, err)
		}
	}
}
