package conn

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"

	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// renewSlack renews a token this long before the expiry its JWT states, so
// a call (or a long stream) does not start with a token about to lapse.
// Short-lived tokens get a tenth of their life instead, so that they are
// not renewed on every call.
const renewSlack = 10 * time.Second

// tokenSource holds the current access token. With an API key it logs in
// (again) on demand; a saved user token is static.
type tokenSource struct {
	mu     sync.Mutex
	token  string
	expiry time.Time     // from the JWT's exp claim; zero = unknown
	slack  time.Duration // renew this long before expiry

	// login exchanges the API key for a token; nil for a static token.
	login func(ctx context.Context) (string, error)
}

// Token returns a usable token, logging in when there is none or when the
// current one is about to expire.
func (s *tokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fresh := s.expiry.IsZero() || now().Add(s.slack).Before(s.expiry)
	if s.token != "" && (fresh || s.login == nil) {
		return s.token, nil
	}
	tok, err := s.login(ctx)
	if err != nil {
		return "", err
	}
	s.token = tok
	s.expiry, s.slack = jwtExpiry(tok)
	return tok, nil
}

// Invalidate drops tok after the server refused it, and reports whether a
// new one can be had. A token already replaced by a concurrent call is left
// alone, so one refusal triggers one login.
func (s *tokenSource) Invalidate(tok string) (renewable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.login == nil {
		return false
	}
	if s.token == tok {
		s.token, s.expiry = "", time.Time{}
	}
	return true
}

// refused explains a final Unauthenticated: a static token can only be
// replaced by logging in again.
func (s *tokenSource) refused(err error) error {
	if s.login != nil {
		return err
	}
	st := status.Convert(err)
	return status.Errorf(st.Code(), "%s (the saved viam login was refused; run `viam login` again)", st.Message())
}

// apiKeyLogin is Viam's API-key flow (API.md §1.3): Authenticate with the
// key id as entity and {type "api-key", payload key}. The error names the
// key id (not secret) and never the key.
func apiKeyLogin(cc grpc.ClientConnInterface, keyID, key string) func(context.Context) (string, error) {
	auth := rpcpb.NewAuthServiceClient(cc)
	return func(ctx context.Context) (string, error) {
		resp, err := auth.Authenticate(ctx, &rpcpb.AuthenticateRequest{
			Entity:      keyID,
			Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
		})
		if err != nil {
			st := status.Convert(err)
			return "", status.Errorf(st.Code(), "authenticate API key %s: %s", keyID, st.Message())
		}
		if resp.GetAccessToken() == "" {
			return "", status.Errorf(codes.Unauthenticated, "authenticate API key %s: server returned no access token", keyID)
		}
		return resp.GetAccessToken(), nil
	}
}

// jwtExpiry reads the exp and iat claims of a JWT without verifying it
// (the server does that) and returns the expiry and how long before it to
// renew; a zero expiry when the token is not a JWT or has no exp.
func jwtExpiry(tok string) (expiry time.Time, slack time.Duration) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, 0
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, 0
	}
	var claims struct {
		Exp float64 `json:"exp"`
		Iat float64 `json:"iat"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 {
		return time.Time{}, 0
	}
	slack = renewSlack
	if life := time.Duration(claims.Exp-claims.Iat) * time.Second; claims.Iat > 0 && life/10 < slack {
		slack = life / 10
	}
	return time.Unix(int64(claims.Exp), 0), slack
}
