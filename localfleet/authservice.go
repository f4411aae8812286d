package localfleet

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"

	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// authService serves proto.rpc.v1.AuthService: an API key id and secret in,
// an access token out (API.md §1.3).
type authService struct {
	rpcpb.UnimplementedAuthServiceServer
	s *service
}

var _ rpcpb.AuthServiceServer = (*authService)(nil)

func (a *authService) Authenticate(ctx context.Context, req *rpcpb.AuthenticateRequest) (*rpcpb.AuthenticateResponse, error) {
	if md, ok := metadata.FromIncomingContext(ctx); ok && len(md.Get("authorization")) > 0 {
		return nil, status.Error(codes.InvalidArgument, "already authenticated; cannot re-authenticate")
	}
	creds := req.GetCredentials()
	if creds == nil {
		return nil, status.Error(codes.InvalidArgument, "Authenticate: credentials are required")
	}
	if creds.GetType() != credsTypeAPIKey {
		return nil, status.Errorf(codes.InvalidArgument, "Authenticate: do not know how to handle credential type %q (the local fleet accepts %q)", creds.GetType(), credsTypeAPIKey)
	}
	if req.GetEntity() == "" || creds.GetPayload() == "" {
		return nil, status.Error(codes.InvalidArgument, "Authenticate: entity (the API key id) and credentials payload (the key) are required")
	}
	var stored []byte
	err := a.s.db.QueryRowContext(ctx, `SELECT secret_hash FROM api_keys WHERE id = ?`, req.GetEntity()).Scan(&stored)
	if err != nil && err != sql.ErrNoRows {
		return nil, storageError("Authenticate", err)
	}
	given := hashSecret(creds.GetPayload())
	// Compare even for an unknown key so that timing does not tell which.
	if subtle.ConstantTimeCompare(given, stored) != 1 || err == sql.ErrNoRows {
		return nil, status.Error(codes.Unauthenticated, "invalid credentials: unknown API key id, or the key does not match it")
	}
	token, err := a.s.tokens.mint(req.GetEntity())
	if err != nil {
		return nil, status.Errorf(codes.Internal, "Authenticate: %v", err)
	}
	return &rpcpb.AuthenticateResponse{AccessToken: token}, nil
}

// hashSecret is how API key secrets are stored. The secrets are 32 random
// characters, so a plain SHA-256 cannot be brute-forced; no salt or slow
// hash is needed.
func hashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}
