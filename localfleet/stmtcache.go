package localfleet

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache: queries built from request
// input (a list of log levels) come in many shapes, and only the common
// ones are worth keeping.
const maxCachedStmts = 256

// store is the database with its statements prepared once and reused:
// SQLite spends more time parsing a short query than running it, so the
// hot reads must not be parsed per call. It satisfies querier; transactions
// still go through the embedded *sql.DB.
type store struct {
	*sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

var _ querier = (*store)(nil)

func newStore(db *sql.DB) *store { return &store{DB: db, stmts: map[string]*sql.Stmt{}} }

// stmt returns the prepared form of query, or nil when the cache is full
// (then the caller runs the query unprepared).
func (s *store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	if len(s.stmts) >= maxCachedStmts {
		return nil, nil
	}
	st, err := s.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.stmts[query] = st
	return st, nil
}

func (s *store) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		return s.DB.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

func (s *store) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		return s.DB.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (s *store) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		return s.DB.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Close closes the statements, then the database.
func (s *store) Close() error {
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	clear(s.stmts)
	s.mu.Unlock()
	return s.DB.Close()
}
