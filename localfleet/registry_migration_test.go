package localfleet

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// TestRegistryMigration opens a data file written at schema version 1 (a
// module with an uploaded file) and checks that the migrations keep the
// module, as a module item, with a file that follows it when its id
// changes.
func TestRegistryMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	old, err := sql.Open("sqlite", dataSourceName(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE schema_version (version INTEGER NOT NULL)`,
		`INSERT INTO schema_version (version) VALUES (1)`,
		migrations[0],
		`INSERT INTO organizations (id, name, public_namespace, created_on) VALUES ('o1', 'Org', 'ns', 5)`,
		`INSERT INTO modules (id, org_id, name, visibility, url, description, entrypoint, created_on) VALUES ('ns:m', 'o1', 'm', 1, '', '', '', 7)`,
		`INSERT INTO module_files VALUES ('ns:m', '1.0.0', 'linux/amd64', '', 1, 'x', x'00', 9)`,
	} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("build a version 1 database: %v", err)
		}
	}
	old.Close()

	db, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var typ, updated int64
	if err := db.QueryRow(`SELECT type, updated_on FROM modules WHERE id = 'ns:m'`).Scan(&typ, &updated); err != nil || typ != int64(typeModule) || updated != 7 {
		t.Fatalf("migrated module: type %d, updated_on %d, %v", typ, updated, err)
	}
	if _, err := db.Exec(`UPDATE modules SET id = 'ns:m2' WHERE id = 'ns:m'`); err != nil {
		t.Fatalf("change a migrated module's id: %v", err)
	}
	var files int
	if err := db.QueryRow(`SELECT COUNT(*) FROM module_files WHERE module_id = 'ns:m2'`).Scan(&files); err != nil || files != 1 {
		t.Fatalf("the file did not follow the id: %d, %v", files, err)
	}
}
