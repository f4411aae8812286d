package localfleet

import "context"

// execOne runs a statement that changes one row, identified by id: NotFound
// (naming kind) when no row changed, because a concurrent call deleted or
// moved it after the caller loaded it.
func (s *service) execOne(ctx context.Context, op, kind, id, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return storageError(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return storageError(op, err)
	}
	if n == 0 {
		return notFound(kind, id)
	}
	return nil
}
