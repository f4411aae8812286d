package localfleet

import (
	"context"

	apppb "go.viam.com/api/app/v1"
)

// requireManagedKey validates a key id, loads the key and checks that the
// caller may manage it (requireManageKey).
func (s *service) requireManagedKey(ctx context.Context, id string) (keyRow, error) {
	if err := checkUUID("id", "API key", id); err != nil {
		return keyRow{}, err
	}
	k, err := s.loadKey(ctx, id)
	if err != nil {
		return k, err
	}
	_, err = s.requireManageKey(ctx, k)
	return k, err
}

// RenameKey renames a key; names need not be unique. The caller must
// manage the key.
func (s *service) RenameKey(ctx context.Context, req *apppb.RenameKeyRequest) (*apppb.RenameKeyResponse, error) {
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	k, err := s.requireManagedKey(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	if err := s.execOne(ctx, "rename key", "API key", k.id, `UPDATE api_keys SET name = ? WHERE id = ?`, req.GetName(), k.id); err != nil {
		return nil, err
	}
	return &apppb.RenameKeyResponse{Id: k.id, Name: req.GetName()}, nil
}

// RotateKey gives a key a new secret, returned in this response only; the
// key keeps its id, name and grants. Authenticate refuses the old secret
// from now on; access tokens already issued with it stay valid until they
// expire (Options.TokenTTL), as tokens are not tied to a secret.
func (s *service) RotateKey(ctx context.Context, req *apppb.RotateKeyRequest) (*apppb.RotateKeyResponse, error) {
	k, err := s.requireManagedKey(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	secret := s.ids.Secret()
	if err := s.execOne(ctx, "rotate key", "API key", k.id, `UPDATE api_keys SET secret_hash = ? WHERE id = ?`, hashSecret(secret), k.id); err != nil {
		return nil, err
	}
	return &apppb.RotateKeyResponse{Id: k.id, Key: secret}, nil
}
