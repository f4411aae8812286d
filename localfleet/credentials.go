package localfleet

import (
	"context"
	"database/sql"
	"fmt"
)

// localKeyName is the reserved key LocalCredentials keeps in a reopened data
// file. Its secret is only stored hashed, so each process re-keys it rather
// than adding a key on every open.
const localKeyName = "fleetscript-local"

// LocalCredentials returns an owner key of the first organization for
// in-process use: the key made when the database was created if this process
// made it, else the reserved "fleetscript-local" key, created or re-keyed.
func (s *Server) LocalCredentials(ctx context.Context) (keyID, key string, err error) {
	s.localMu.Lock()
	defer s.localMu.Unlock()
	if s.localID != "" {
		return s.localID, s.localSecret, nil
	}
	if s.bootstrapID != "" {
		s.localID, s.localSecret = s.bootstrapID, s.bootstrapKey
		return s.localID, s.localSecret, nil
	}
	svc := s.svc
	secret := svc.ids.Secret()
	err = inTx(ctx, svc.db, func(tx *txn) error {
		var orgID string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM organizations ORDER BY rowid LIMIT 1`).Scan(&orgID); err != nil {
			return fmt.Errorf("find the first organization: %w", err)
		}
		err := tx.QueryRowContext(ctx, `SELECT id FROM api_keys WHERE org_id = ? AND reserved = 1`, orgID).Scan(&keyID)
		switch {
		case err == sql.ErrNoRows:
			keyID, err = svc.insertKey(ctx, tx, orgID, localKeyName, secret, true,
				[]grant{{orgID: orgID, role: roleOwner, resourceType: resourceOrganization, resourceID: orgID}})
			return err
		case err != nil:
			return fmt.Errorf("find the %s key: %w", localKeyName, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE api_keys SET secret_hash = ? WHERE id = ?`, hashSecret(secret), keyID)
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("localfleet: local credentials: %w", err)
	}
	svc.auth.invalidate()
	s.localID, s.localSecret = keyID, secret
	return keyID, secret, nil
}

// insertKey stores a new API key (its secret hashed) with its grants and
// returns its id.
func (s *service) insertKey(ctx context.Context, tx *txn, orgID, name, secret string, reserved bool, grants []grant) (string, error) {
	id := s.ids.UUID()
	_, err := tx.ExecContext(ctx,
		`INSERT INTO api_keys (id, org_id, name, secret_hash, created_on, reserved) VALUES (?, ?, ?, ?, ?, ?)`,
		id, orgID, name, hashSecret(secret), s.clock.Now().UnixNano(), reserved)
	if err != nil {
		return "", fmt.Errorf("insert API key: %w", err)
	}
	for _, g := range grants {
		if err := s.insertGrant(ctx, tx, id, identityAPIKey, g); err != nil {
			return "", err
		}
	}
	return id, nil
}
