package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// querier is what *sql.DB and *sql.Tx share: store helpers take one so that
// they run alone or inside a caller's transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// openDB opens (creating if needed) the fleet database and brings its schema
// up to date. path "" means a private in-memory database.
//
// The pool holds exactly one connection: an in-memory database lives only as
// long as its connection, and SQLite serialises writers anyway. Every helper
// that runs inside a transaction must therefore use the *sql.Tx, never the
// *sql.DB, or it would wait for itself.
func openDB(ctx context.Context, path string) (*sql.DB, error) {
	dsn := dataSourceName(path)
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %q: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %q: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database %q: %w", path, err)
	}
	return db, nil
}

func dataSourceName(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	if path == "" {
		return ":memory:?" + q.Encode()
	}
	// WAL with synchronous=FULL: a commit that returned is on disk, and
	// readers never block the writer.
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// isUniqueViolation reports whether err is SQLite refusing a duplicate key.
// It matches the message, not the error type, so that it still works on an
// error storageError has already turned into a status (moveItem).
func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// isForeignKeyViolation reports whether err is SQLite refusing a row whose
// parent is gone (deleted by a concurrent call after it was checked).
func isForeignKeyViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// txBeginner is what inTx needs: *sql.DB or *store.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in a transaction, committing when it returns nil.
func inTx(ctx context.Context, db txBeginner, fn func(tx *txn) error) error {
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &txn{tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback() // the error from fn is the one worth reporting
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// txn is a transaction that prepares each distinct statement once: loading
// a fixture runs the same few inserts hundreds of times. (The store's
// statements cannot be used here: preparing one needs the pool's only
// connection, which the transaction holds.) Statements close with the
// transaction.
type txn struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

var _ querier = (*txn)(nil)

func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext returns a row whose Scan reports a failure to prepare.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}
