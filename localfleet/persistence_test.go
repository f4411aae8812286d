package localfleet

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
)

func TestReopenDataFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.db")

	// First open: a new file gets the fixture and a bootstrap key.
	srv, err := Open(ctx, Options{DataPath: path, Fixture: DemoFixture()})
	if err != nil {
		t.Fatal(err)
	}
	bootID, bootKey, ok := srv.BootstrapKey()
	localID, localKey, err := srv.LocalCredentials(ctx)
	if !ok || err != nil || localID != bootID || localKey != bootKey {
		t.Fatalf("new file: BootstrapKey %v %v, LocalCredentials %v %v", bootID, ok, localID, err)
	}
	f := &testFleet{t: t, srv: srv}
	if f.cc, err = srv.Dial(ctx); err != nil {
		t.Fatal(err)
	}
	f.app = f.client(bootID, bootKey)
	orgs, _ := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	f.orgID = orgs.Organizations[0].Id
	robotID := f.newRobot(f.locationID("Lab"), "persisted")
	token := f.token(bootID, bootKey)
	f.cc.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	keysIn := func(db string) int {
		t.Helper()
		conn, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var n int
		if err := conn.QueryRow(`SELECT COUNT(*) FROM api_keys`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := keysIn(path)

	// Reopening twice: no bootstrap key, one reserved key re-keyed each time.
	var lastID, lastKey string
	for i := range 2 {
		srv, err := Open(ctx, Options{DataPath: path, Fixture: DemoFixture()})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := srv.BootstrapKey(); ok {
			t.Fatal("a reopened file reports a bootstrap key")
		}
		id, key, err := srv.LocalCredentials(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && (id != lastID || key == lastKey) {
			t.Fatalf("second reopen: key %s (was %s), secret changed: %v", id, lastID, key != lastKey)
		}
		lastID, lastKey = id, key
		f := &testFleet{t: t, srv: srv}
		if f.cc, err = srv.Dial(ctx); err != nil {
			t.Fatal(err)
		}
		f.app = f.client(id, key)
		if _, err := f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: robotID}); err != nil {
			t.Fatalf("machine from the first session: %v", err)
		}
		// Tokens survive a restart: the signing key is in the file.
		if _, err := apppb.NewAppServiceClient(f.cc).ListOrganizations(bearerCtx(token), &apppb.ListOrganizationsRequest{}); err != nil {
			t.Fatalf("token from the first session: %v", err)
		}
		f.cc.Close()
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if got := keysIn(path); got != before+1 {
		t.Fatalf("keys: %d before reopening, %d after two reopenings; want exactly one reserved key added", before, got)
	}
}

func TestSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.db")
	srv, err := Open(ctx, Options{DataPath: path})
	if err != nil {
		t.Fatal(err)
	}
	var version int
	var journal string
	if err := srv.svc.db.QueryRow(`SELECT version FROM schema_version`).Scan(&version); err != nil || version != schemaVersion {
		t.Fatalf("schema_version = %d, %v; want %d", version, err, schemaVersion)
	}
	if err := srv.svc.db.QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil || journal != "wal" {
		t.Fatalf("journal_mode = %q, %v", journal, err)
	}
	var foreignKeys, synchronous int
	if err := srv.svc.db.QueryRow(`PRAGMA foreign_keys`).Scan(&foreignKeys); err != nil || foreignKeys != 1 {
		t.Fatalf("foreign_keys = %d, %v", foreignKeys, err)
	}
	if err := srv.svc.db.QueryRow(`PRAGMA synchronous`).Scan(&synchronous); err != nil || synchronous != 2 { // 2 = FULL
		t.Fatalf("synchronous = %d, %v", synchronous, err)
	}
	if _, err := srv.svc.db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if _, err := Open(ctx, Options{DataPath: path}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema = %v", err)
	}
}

func TestDefaultFleetHasOneOrganization(t *testing.T) {
	f := openTestFleet(t, Options{})
	orgs, err := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	if err != nil || len(orgs.Organizations) != 1 {
		t.Fatalf("ListOrganizations = %v, %v", orgs, err)
	}
	_, err = f.app.GetRobot(ctx, &apppb.GetRobotRequest{Id: unknownUUID})
	wantCode(t, err, codes.NotFound, "machine")
}
