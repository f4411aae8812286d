package localfleet

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations[i] takes the schema from version i to version i+1. Append new
// steps; never edit a step that has shipped, since data files carry the
// version they were migrated to.
var migrations = []string{
	// 1: the initial schema. Times are Unix nanoseconds (UTC); messages and
	// Structs are stored proto-encoded.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
CREATE TABLE organizations (
	id               TEXT PRIMARY KEY,
	name             TEXT NOT NULL,
	public_namespace TEXT UNIQUE,
	created_on       INTEGER NOT NULL,
	-- the profile UpdateOrganization sets
	default_region        TEXT NOT NULL DEFAULT '',
	cid                   TEXT,
	default_fragments     BLOB, -- FragmentImportList
	allowed_login_methods BLOB, -- AllowedLoginMethods
	metadata              BLOB  -- user-defined Struct, NULL when empty
);
CREATE TABLE locations (
	id         TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	parent_id  TEXT REFERENCES locations(id),
	created_on INTEGER NOT NULL,
	metadata   BLOB
);
CREATE INDEX locations_org ON locations(org_id);
CREATE INDEX locations_parent ON locations(parent_id);
CREATE TABLE location_secrets (
	id          TEXT PRIMARY KEY,
	location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
	secret      TEXT NOT NULL,
	created_on  INTEGER NOT NULL
);
CREATE INDEX location_secrets_location ON location_secrets(location_id);
CREATE TABLE robots (
	id          TEXT PRIMARY KEY,
	location_id TEXT NOT NULL REFERENCES locations(id),
	name        TEXT NOT NULL,
	created_on  INTEGER NOT NULL,
	metadata    BLOB,
	UNIQUE (location_id, name)
);
CREATE TABLE parts (
	id              TEXT PRIMARY KEY,
	robot_id        TEXT NOT NULL REFERENCES robots(id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	main            INTEGER NOT NULL,
	config          BLOB,
	config_json     TEXT,
	user_info       BLOB,
	online_state    INTEGER NOT NULL,
	last_access     INTEGER,
	created_on      INTEGER NOT NULL,
	last_updated    INTEGER NOT NULL,
	restart_pending INTEGER NOT NULL DEFAULT 0,
	metadata        BLOB,
	UNIQUE (robot_id, name)
);
CREATE UNIQUE INDEX parts_one_main ON parts(robot_id) WHERE main = 1;
CREATE TABLE part_secrets (
	id         TEXT PRIMARY KEY,
	part_id    TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
	secret     TEXT NOT NULL,
	created_on INTEGER NOT NULL
);
CREATE INDEX part_secrets_part ON part_secrets(part_id);
CREATE TABLE part_history (
	id          INTEGER PRIMARY KEY,
	part_id     TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
	robot_id    TEXT NOT NULL,
	edited_on   INTEGER NOT NULL,
	old         BLOB NOT NULL,
	editor_type INTEGER NOT NULL,
	editor      TEXT NOT NULL
);
CREATE INDEX part_history_part ON part_history(part_id, id);
CREATE TABLE logs (
	id      INTEGER PRIMARY KEY,
	part_id TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
	time    INTEGER NOT NULL,
	level   TEXT NOT NULL,
	message TEXT NOT NULL,
	entry   BLOB NOT NULL
);
CREATE INDEX logs_part_time ON logs(part_id, time, id);
CREATE TABLE fragments (
	id           TEXT PRIMARY KEY,
	org_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	config       BLOB,
	visibility   INTEGER NOT NULL,
	created_on   INTEGER NOT NULL,
	last_updated INTEGER NOT NULL,
	revision     INTEGER NOT NULL
);
CREATE INDEX fragments_org ON fragments(org_id);
CREATE TABLE users (
	id    TEXT PRIMARY KEY,
	email TEXT NOT NULL UNIQUE
);
CREATE TABLE members (
	org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	user_id     TEXT NOT NULL REFERENCES users(id),
	date_added  INTEGER NOT NULL,
	last_login  INTEGER,
	last_access INTEGER,
	PRIMARY KEY (org_id, user_id)
);
CREATE TABLE invites (
	org_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	email      TEXT NOT NULL,
	created_on INTEGER NOT NULL,
	PRIMARY KEY (org_id, email)
);
CREATE TABLE invite_grants (
	org_id        TEXT NOT NULL,
	email         TEXT NOT NULL,
	role          TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	resource_id   TEXT NOT NULL,
	PRIMARY KEY (org_id, email, resource_type, resource_id),
	FOREIGN KEY (org_id, email) REFERENCES invites(org_id, email) ON DELETE CASCADE
);
CREATE TABLE api_keys (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	secret_hash BLOB NOT NULL,
	created_on  INTEGER NOT NULL,
	reserved    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_org ON api_keys(org_id);
CREATE TABLE grants (
	id            TEXT PRIMARY KEY,
	org_id        TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	identity_id   TEXT NOT NULL,
	identity_type TEXT NOT NULL,
	role          TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	resource_id   TEXT NOT NULL,
	UNIQUE (identity_id, role, resource_type, resource_id)
);
CREATE INDEX grants_org ON grants(org_id);
CREATE INDEX grants_resource ON grants(resource_id);
-- modules is the registry catalogue: every registry item is a row, with
-- its package type (3 = PACKAGE_TYPE_MODULE). Renaming or transferring an
-- item changes its id, which module_files and the deprecations follow.
CREATE TABLE modules (
	id                  TEXT PRIMARY KEY,
	org_id              TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	name                TEXT NOT NULL,
	visibility          INTEGER NOT NULL,
	url                 TEXT NOT NULL,
	description         TEXT NOT NULL,
	models              BLOB,
	entrypoint          TEXT NOT NULL,
	created_on          INTEGER NOT NULL,
	type                INTEGER NOT NULL DEFAULT 3,
	updated_on          INTEGER NOT NULL DEFAULT 0,
	markdown            TEXT,
	ml_metadata         BLOB,
	billing             BLOB,
	deprecated_on       INTEGER,
	deprecation_message TEXT NOT NULL DEFAULT '',
	UNIQUE (org_id, name)
);
CREATE TABLE org_branding (
	org_id        TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
	support_email TEXT NOT NULL DEFAULT '',
	logo          BLOB
);
-- A row is an enabled billing service; address is a BillingAddress message.
CREATE TABLE billing_services (
	org_id  TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
	address BLOB NOT NULL
);
-- A row is an enabled auth service; disabling it removes the OAuth apps.
CREATE TABLE auth_services (
	org_id     TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
	enabled_on INTEGER NOT NULL
);
CREATE TABLE oauth_apps (
	client_id   TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES auth_services(org_id) ON DELETE CASCADE,
	client_name TEXT NOT NULL,
	secret_hash BLOB NOT NULL,
	config      BLOB NOT NULL,
	created_on  INTEGER NOT NULL,
	UNIQUE (org_id, client_name)
);
CREATE TABLE oauth_app_users (
	client_id       TEXT NOT NULL REFERENCES oauth_apps(client_id) ON DELETE CASCADE,
	user_id         TEXT NOT NULL REFERENCES users(id),
	registration_id TEXT NOT NULL UNIQUE,
	created_on      INTEGER NOT NULL,
	PRIMARY KEY (client_id, user_id)
);
CREATE TABLE device_push_tokens (
	key_id       TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
	app_id       TEXT NOT NULL,
	device_uuid  TEXT NOT NULL,
	device_token TEXT NOT NULL,
	PRIMARY KEY (key_id, app_id, device_uuid)
);
CREATE TABLE firebase_configs (
	org_id      TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
	app_id      TEXT NOT NULL,
	config_json TEXT NOT NULL
);
CREATE TABLE location_shares (
	location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
	org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
	PRIMARY KEY (location_id, org_id)
);
CREATE INDEX location_shares_org ON location_shares(org_id);
CREATE TABLE fragment_revisions (
	fragment_id TEXT NOT NULL REFERENCES fragments(id) ON DELETE CASCADE,
	revision    INTEGER NOT NULL,
	config      BLOB,
	created_on  INTEGER NOT NULL,
	PRIMARY KEY (fragment_id, revision)
);
CREATE TABLE fragment_history (
	id          INTEGER PRIMARY KEY,
	fragment_id TEXT NOT NULL REFERENCES fragments(id) ON DELETE CASCADE,
	revision    INTEGER NOT NULL,
	edited_on   INTEGER NOT NULL,
	old         BLOB NOT NULL,
	editor_type INTEGER NOT NULL,
	editor      TEXT NOT NULL
);
CREATE INDEX fragment_history_fragment ON fragment_history(fragment_id, id);
CREATE TABLE fragment_tags (
	fragment_id TEXT NOT NULL REFERENCES fragments(id) ON DELETE CASCADE,
	tag         TEXT NOT NULL,
	revision    INTEGER NOT NULL,
	PRIMARY KEY (fragment_id, tag)
);
CREATE TABLE module_files (
	module_id     TEXT NOT NULL REFERENCES modules(id) ON DELETE CASCADE ON UPDATE CASCADE,
	version       TEXT NOT NULL,
	platform      TEXT NOT NULL,
	platform_tags TEXT NOT NULL,
	size          INTEGER NOT NULL,
	sha256        TEXT NOT NULL,
	data          BLOB NOT NULL,
	uploaded_on   INTEGER NOT NULL,
	PRIMARY KEY (module_id, version, platform)
);
CREATE TABLE registry_version_deprecations (
	item_id       TEXT NOT NULL REFERENCES modules(id) ON DELETE CASCADE ON UPDATE CASCADE,
	version       TEXT NOT NULL,
	deprecated_on INTEGER NOT NULL,
	message       TEXT NOT NULL,
	PRIMARY KEY (item_id, version)
);
`,
}

// schemaVersion is the version a fully migrated database is at.
var schemaVersion = len(migrations)

// migrate creates the schema_version table if needed and applies, each in
// its own transaction, every migration the database has not seen yet.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var current int
	err := db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&current)
	switch {
	case err == sql.ErrNoRows:
		if _, err := db.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("initialise schema_version: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read schema_version: %w", err)
	}
	if current > schemaVersion {
		return fmt.Errorf("database schema version %d is newer than this fleetscript supports (%d)", current, schemaVersion)
	}
	for v := current; v < schemaVersion; v++ {
		err := inTx(ctx, db, func(tx *txn) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, v+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
		}
	}
	return nil
}
