package conn

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	testKeyID = "8f0c2e1a-4b1d-4c55-9a1e-1234567890ab"
	testKey   = "s3cr3t-api-key-value"
)

func TestMain(m *testing.M) {
	// Retries are counted, not timed: keep the waits negligible.
	defaultBackoff = backoff{retries: 3, base: time.Millisecond, max: time.Millisecond}
	os.Exit(m.Run())
}

// env is a fake environment for Config.Getenv.
func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

// writeCLIConfig saves a Viam CLI login in a fresh $VIAM_HOME.
func writeCLIConfig(t *testing.T, cfg map[string]any) string {
	t.Helper()
	dir := t.TempDir()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cached_cli_config.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func openFake(t *testing.T, cfg Config) *Conn {
	t.Helper()
	if cfg.Getenv == nil {
		cfg.Getenv = env(nil)
	}
	if cfg.ViamHome == "" {
		cfg.ViamHome = t.TempDir()
	}
	c, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func listOrgs(c *Conn) error {
	_, err := apppb.NewAppServiceClient(c.CC).ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{})
	return err
}

func TestCallsCarryBearerAfterAPIKeyLogin(t *testing.T) {
	f := startFakeFleet(t, testKeyID, testKey)
	c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
	for range 2 {
		if err := listOrgs(c); err != nil {
			t.Fatalf("ListOrganizations: %v", err)
		}
	}
	if got := f.loginCount(); got != 1 {
		t.Errorf("logins = %d, want 1 (token reused)", got)
	}
	want := []string{"", "Bearer token-1", "Bearer token-1"}
	if got := f.authHeaders; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("authorization headers = %q, want %q", got, want)
	}
}

func TestTokenRenewedWhenServerExpiresIt(t *testing.T) {
	f := startFakeFleet(t, testKeyID, testKey)
	c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
	if err := listOrgs(c); err != nil {
		t.Fatal(err)
	}
	f.expireTokens()
	if err := listOrgs(c); err != nil {
		t.Fatalf("call after expiry: %v", err)
	}
	if got := f.loginCount(); got != 2 {
		t.Errorf("logins = %d, want 2", got)
	}
	if got := f.count("ListOrganizations"); got != 3 {
		t.Errorf("ListOrganizations tries = %d, want 3 (ok, refused, retried)", got)
	}
}

func TestStreamReopenedAfterTokenExpiry(t *testing.T) {
	f := startFakeFleet(t, testKeyID, testKey)
	c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
	if err := listOrgs(c); err != nil {
		t.Fatal(err)
	}
	f.expireTokens()
	f.failUnavailable("TailRobotPartLogs", 1)
	stream, err := apppb.NewAppServiceClient(c.CC).TailRobotPartLogs(context.Background(), &apppb.TailRobotPartLogsRequest{Id: "part-1"})
	if err != nil {
		t.Fatal(err)
	}
	batches := 0
	for {
		if _, err := stream.Recv(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("Recv: %v", err)
			}
			break
		}
		batches++
	}
	if batches != 2 {
		t.Errorf("batches = %d, want 2", batches)
	}
	if got := f.count("TailRobotPartLogs"); got != 3 {
		t.Errorf("TailRobotPartLogs tries = %d, want 3 (unavailable, refused, ok)", got)
	}
}

func TestUnavailableRetriedForReadsOnly(t *testing.T) {
	tests := []struct {
		name      string
		rpc       string
		failures  int
		call      func(apppb.AppServiceClient) error
		wantCode  codes.Code
		wantTries int
	}{
		{"read recovers", "ListOrganizations", 2, func(a apppb.AppServiceClient) error {
			_, err := a.ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{})
			return err
		}, codes.OK, 3},
		{"read gives up", "ListOrganizations", 10, func(a apppb.AppServiceClient) error {
			_, err := a.ListOrganizations(context.Background(), &apppb.ListOrganizationsRequest{})
			return err
		}, codes.Unavailable, 4},
		{"write not retried", "CreateLocation", 1, func(a apppb.AppServiceClient) error {
			_, err := a.CreateLocation(context.Background(), &apppb.CreateLocationRequest{Name: "x"})
			return err
		}, codes.Unavailable, 1},
		{"login retried", "Authenticate", 2, func(a apppb.AppServiceClient) error {
			_, err := a.CreateLocation(context.Background(), &apppb.CreateLocationRequest{Name: "x"})
			return err
		}, codes.OK, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := startFakeFleet(t, testKeyID, testKey)
			c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
			f.failUnavailable(tt.rpc, tt.failures)
			err := tt.call(apppb.NewAppServiceClient(c.CC))
			if got := status.Code(err); got != tt.wantCode {
				t.Fatalf("code = %v (%v), want %v", got, err, tt.wantCode)
			}
			if got := f.count(tt.rpc); got != tt.wantTries {
				t.Errorf("%s tries = %d, want %d", tt.rpc, got, tt.wantTries)
			}
		})
	}
}

func TestWrongKeyErrorNamesKeyIDNotSecret(t *testing.T) {
	f := startFakeFleet(t, testKeyID, "the-real-key")
	c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
	err := listOrgs(c)
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("err = %v, want Unauthenticated", err)
	}
	if !strings.Contains(err.Error(), testKeyID) {
		t.Errorf("error %q does not name the key id", err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("error %q leaks the key", err)
	}
}

func TestSavedUserTokenSentAsIsAndRefusalExplained(t *testing.T) {
	f := startFakeFleet(t, testKeyID, testKey)
	const userToken = "user-access-token-xyz"
	f.acceptToken(userToken)
	home := writeCLIConfig(t, map[string]any{
		"base_url": f.url(),
		"auth":     map[string]any{"access_token": userToken, "expires_at": time.Now().Add(time.Hour).Format(time.RFC3339)},
	})
	c := openFake(t, Config{ViamHome: home})
	if err := listOrgs(c); err != nil {
		t.Fatalf("with a valid user token: %v", err)
	}
	f.expireTokens()
	err := listOrgs(c)
	if status.Code(err) != codes.Unauthenticated || !strings.Contains(err.Error(), "viam login") {
		t.Fatalf("err = %v, want Unauthenticated telling to run viam login", err)
	}
	if strings.Contains(err.Error(), userToken) {
		t.Errorf("error %q leaks the token", err)
	}
	if f.loginCount() != 0 {
		t.Errorf("Authenticate called %d times for a user token", f.loginCount())
	}
}

func TestRenewsBeforeExpiry(t *testing.T) {
	issued := time.Now()
	tests := []struct {
		name      string
		iat, exp  time.Time
		wantRenew bool
	}{
		{"fresh hour-long token", issued, issued.Add(time.Hour), false},
		{"within 10s of expiry", issued.Add(-time.Hour), issued.Add(5 * time.Second), true},
		{"short-lived token, early in its life", issued, issued.Add(4 * time.Second), false},
		{"short-lived token, last tenth of its life", issued.Add(-4 * time.Second), issued.Add(200 * time.Millisecond), true},
		{"expired", issued.Add(-2 * time.Hour), issued.Add(-time.Hour), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logins := 0
			s := &tokenSource{login: func(context.Context) (string, error) {
				logins++
				if logins == 1 {
					return fakeJWT(tt.iat, tt.exp), nil
				}
				return fakeJWT(time.Now(), time.Now().Add(time.Hour)), nil
			}}
			first, _ := s.Token(context.Background())
			second, err := s.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if renewed := first != second; renewed != tt.wantRenew {
				t.Errorf("renewed = %v, want %v", renewed, tt.wantRenew)
			}
		})
	}
}

func fakeJWT(iat, exp time.Time) string {
	claims, _ := json.Marshal(map[string]any{"sub": "k", "iat": iat.Unix(), "exp": exp.Unix()})
	enc := func(b []byte) string { return strings.TrimRight(base64URL(b), "=") }
	return enc([]byte(`{"alg":"none"}`)) + "." + enc(claims) + ".sig"
}

func TestOpenRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		env     map[string]string
		wantIs  error
		wantMsg string
	}{
		{"nothing", Config{}, nil, ErrNoCredentials, "--local"},
		{"half flags", Config{APIKeyID: testKeyID}, nil, ErrConfig, "--api-key is not"},
		{"half env", Config{}, map[string]string{"VIAM_API_KEY": testKey}, ErrConfig, "VIAM_API_KEY_ID"},
		{"plaintext remote", Config{AppURL: "http://example.com", APIKeyID: testKeyID, APIKey: testKey}, nil, ErrConfig, "loopback"},
		{"local data without local", Config{LocalData: "x.db", APIKeyID: testKeyID, APIKey: testKey}, nil, ErrConfig, "--local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Getenv = env(tt.env)
			tt.cfg.ViamHome = t.TempDir()
			_, err := Open(context.Background(), tt.cfg)
			if !errors.Is(err, tt.wantIs) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tt.wantIs, tt.wantMsg)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error %q leaks the key", err)
			}
		})
	}
}

func TestNoCredentialsNamesBothWays(t *testing.T) {
	for _, want := range []string{"--local", "--api-key-id", "VIAM_API_KEY_ID", "viam login"} {
		if !strings.Contains(ErrNoCredentials.Error(), want) {
			t.Errorf("ErrNoCredentials %q does not mention %s", ErrNoCredentials, want)
		}
	}
}

// upload sends n chunks on a client stream and returns the server's answer.
func upload(c *Conn, n int) (string, error) {
	stream, err := apppb.NewAppServiceClient(c.CC).UploadModuleFile(context.Background())
	if err != nil {
		return "", err
	}
	for range n {
		if err := stream.Send(&apppb.UploadModuleFileRequest{ModuleFile: &apppb.UploadModuleFileRequest_File{File: []byte("chunk")}}); err != nil {
			break // the status comes with CloseAndRecv
		}
	}
	resp, err := stream.CloseAndRecv()
	return resp.GetUrl(), err
}

// TestClientStreamNotReplayedButTokenRenewed: an upload refused after its
// chunks were sent is reported (its data is not kept to replay), and the
// next call logs in again.
func TestClientStreamNotReplayedButTokenRenewed(t *testing.T) {
	f := startFakeFleet(t, testKeyID, testKey)
	c := openFake(t, Config{AppURL: f.url(), APIKeyID: testKeyID, APIKey: testKey})
	if got, err := upload(c, 3); err != nil || got != "chunks:3" {
		t.Fatalf("upload = %q, %v", got, err)
	}
	f.expireTokens()
	if _, err := upload(c, 3); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("upload with an expired token: err = %v, want Unauthenticated", err)
	}
	if got, err := upload(c, 2); err != nil || got != "chunks:2" {
		t.Fatalf("next upload = %q, %v; want a fresh login", got, err)
	}
	if got := f.loginCount(); got != 2 {
		t.Errorf("logins = %d, want 2", got)
	}
}
