package localfleet

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// tokenAudience is the audience the fleet puts in and requires of its tokens.
const tokenAudience = "fleetscript-localfleet"

// tokenClaims are the JWT claims of an access token, shaped like the ones
// goutils mints (sub = the API key id, rpc_creds_type = "api-key").
type tokenClaims struct {
	Subject   string `json:"sub"`
	Audience  string `json:"aud"`
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
	ID        string `json:"jti"`
	CredsType string `json:"rpc_creds_type"`
}

var cryptoIDs = newIDSource(false, 0)

// tokenSigner mints and checks HS256 JWTs with a key private to one database.
type tokenSigner struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// mint returns a token for subject. The token id is always crypto-random:
// tokens never appear in output, and drawing from the deterministic id
// source would make ids depend on how often clients re-authenticate.
func (s *tokenSigner) mint(subject string) (string, error) {
	now := s.now()
	jti := cryptoIDs.UUID()
	claims, err := json.Marshal(tokenClaims{
		Subject:   subject,
		Audience:  tokenAudience,
		IssuedAt:  now.Unix(),
		ExpiresAt: now.Add(s.ttl).Unix(),
		ID:        jti,
		CredsType: credsTypeAPIKey,
	})
	if err != nil {
		return "", fmt.Errorf("encode token claims: %w", err)
	}
	signingInput := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(claims)
	return signingInput + "." + s.sign(signingInput), nil
}

func (s *tokenSigner) sign(signingInput string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(signingInput))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

var (
	errTokenMalformed = errors.New("malformed access token")
	errTokenSignature = errors.New("access token signature is invalid")
	errTokenExpired   = errors.New("access token expired; authenticate again")
	errTokenAudience  = errors.New("access token was issued for another audience")
)

// verify checks the signature, audience and expiry of a token and returns
// its subject.
func (s *tokenSigner) verify(token string) (string, error) {
	header, rest, ok := strings.Cut(token, ".")
	if !ok || header != jwtHeader {
		return "", errTokenMalformed
	}
	payload, sig, ok := strings.Cut(rest, ".")
	if !ok {
		return "", errTokenMalformed
	}
	want := s.sign(header + "." + payload)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return "", errTokenSignature
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return "", errTokenMalformed
	}
	var claims tokenClaims
	if err := json.Unmarshal(raw, &claims); err != nil || claims.Subject == "" {
		return "", errTokenMalformed
	}
	if claims.Audience != tokenAudience {
		return "", errTokenAudience
	}
	if !s.now().Before(time.Unix(claims.ExpiresAt, 0)) {
		return "", errTokenExpired
	}
	return claims.Subject, nil
}
