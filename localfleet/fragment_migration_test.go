package localfleet

import (
	"database/sql"
	"testing"
)

// TestMigrationKeepsFragmentRevisions: a data file from before fragment
// revisions were stored gets each fragment's current config as its
// revision, so GetFragment can serve it by number.
func TestMigrationKeepsFragmentRevisions(t *testing.T) {
	db, err := sql.Open("sqlite", dataSourceName(""))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	for _, stmt := range []string{
		`CREATE TABLE schema_version (version INTEGER NOT NULL)`,
		`INSERT INTO schema_version (version) VALUES (1)`,
		migrations[0],
		`INSERT INTO organizations (id, name, created_on) VALUES ('o', 'Org', 1)`,
		`INSERT INTO fragments (id, org_id, name, config, visibility, created_on, last_updated, revision) VALUES ('f', 'o', 'kit', x'0a00', 1, 1, 42, 3)`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var revision, created int64
	if err := db.QueryRowContext(ctx, `SELECT revision, created_on FROM fragment_revisions WHERE fragment_id = 'f'`).Scan(&revision, &created); err != nil || revision != 3 || created != 42 {
		t.Fatalf("backfilled revision = %d at %d, %v", revision, created, err)
	}
}
