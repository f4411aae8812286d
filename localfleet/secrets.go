package localfleet

import (
	"context"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Location and part secrets: the shared secrets machines once used to
// authenticate, at most two at a time so that one can be rotated.

// maxSecrets is how many secrets a location or a part may hold at once.
const maxSecrets = 2

// loadSecrets reads the secrets query selects (id, secret, created_on) for
// one location or part, oldest first.
func loadSecrets(ctx context.Context, q querier, query, ownerID string) ([]*apppb.SharedSecret, error) {
	rows, err := q.QueryContext(ctx, query, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*apppb.SharedSecret
	for rows.Next() {
		var (
			sec     apppb.SharedSecret
			created int64
		)
		if err := rows.Scan(&sec.Id, &sec.Secret, &created); err != nil {
			return nil, err
		}
		sec.CreatedOn = timestamppb.New(nanos(created))
		sec.State = apppb.SharedSecret_STATE_ENABLED
		out = append(out, &sec)
	}
	return out, rows.Err()
}

// addSecret adds a secret to a location or part, refusing a third one.
// table and column are constants of the callers, never user input.
func (s *service) addSecret(ctx context.Context, tx *txn, table, column, kind, ownerID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+column+` = ?`, ownerID).Scan(&n); err != nil {
		return err
	}
	if n >= maxSecrets {
		return preconditionf("%s %q already has %d secrets, the most allowed; delete one first", kind, ownerID, n)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (id, `+column+`, secret, created_on) VALUES (?, ?, ?, ?)`,
		s.ids.UUID(), ownerID, s.ids.Secret(), s.clock.Now().UnixNano())
	if isForeignKeyViolation(err) {
		return notFound(kind, ownerID)
	}
	return err
}

// deleteSecret removes one secret of a location or part.
func deleteSecret(ctx context.Context, db querier, table, column, kind, ownerID, secretID string) error {
	res, err := db.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ? AND `+column+` = ?`, secretID, ownerID)
	if err != nil {
		return storageError("delete "+kind+" secret", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(kind+" secret", secretID)
	}
	return nil
}
