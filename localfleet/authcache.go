package localfleet

import (
	"context"
	"database/sql"
	"fmt"
)

// authCache keeps what every call needs to authorise itself: each API key's
// organization and grants, and each location's chain of ancestors. Any write
// to keys, grants or locations invalidates it whole; such writes are rare
// next to reads, and its generation stops a load that raced an
// invalidation from storing a stale entry.
type authCache struct {
	gen    generation // guards the maps below
	keys   map[string]*keyEntry
	chains map[string]locationChain
}

type keyEntry struct {
	orgID  string
	grants []grant
}

// locationChain is a location's organization, its ids from itself up to
// the top level, and the other organizations it is shared into (directly or
// through an ancestor).
type locationChain struct {
	orgID  string
	ids    []string
	shared []string
}

func newAuthCache() *authCache {
	return &authCache{keys: map[string]*keyEntry{}, chains: map[string]locationChain{}}
}

func (c *authCache) invalidate() {
	c.gen.invalidate(func() {
		clear(c.keys)
		clear(c.chains)
	})
}

// key returns the key's entry, nil when the key does not exist.
func (c *authCache) key(ctx context.Context, db querier, keyID string) (*keyEntry, error) {
	e, _, err := cachedOrLoad(&c.gen, c.keys, keyID, func() (*keyEntry, bool, error) {
		e, err := loadKeyEntry(ctx, db, keyID)
		return e, e != nil, err
	}, func(e *keyEntry) { c.keys[keyID] = e })
	return e, err
}

func loadKeyEntry(ctx context.Context, db querier, keyID string) (*keyEntry, error) {
	e := &keyEntry{}
	err := db.QueryRowContext(ctx, `SELECT org_id FROM api_keys WHERE id = ?`, keyID).Scan(&e.orgID)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load API key: %w", err)
	}
	e.grants, err = loadGrants(ctx, db, keyID)
	return e, err
}

func loadGrants(ctx context.Context, db querier, identityID string) ([]grant, error) {
	rows, err := db.QueryContext(ctx,
		`SELECT org_id, role, resource_type, resource_id FROM grants WHERE identity_id = ? ORDER BY rowid`, identityID)
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	defer rows.Close()
	var out []grant
	for rows.Next() {
		var g grant
		if err := rows.Scan(&g.orgID, &g.role, &g.resourceType, &g.resourceID); err != nil {
			return nil, fmt.Errorf("load grants: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// chain returns the location's chain; ok is false when it does not exist.
func (c *authCache) chain(ctx context.Context, db querier, locationID string) (locationChain, bool, error) {
	return cachedOrLoad(&c.gen, c.chains, locationID, func() (locationChain, bool, error) {
		ch, err := loadChain(ctx, db, locationID)
		return ch, ch.ids != nil, err
	}, func(ch locationChain) { c.chains[locationID] = ch })
}

func loadChain(ctx context.Context, db querier, locationID string) (locationChain, error) {
	rows, err := db.QueryContext(ctx, `
WITH RECURSIVE chain(id, parent_id, org_id, depth) AS (
	SELECT id, parent_id, org_id, 0 FROM locations WHERE id = ?
	UNION ALL
	SELECT l.id, l.parent_id, l.org_id, c.depth + 1 FROM locations l JOIN chain c ON l.id = c.parent_id
	WHERE c.depth < 64
)
SELECT id, org_id FROM chain ORDER BY depth`, locationID)
	if err != nil {
		return locationChain{}, fmt.Errorf("load location chain: %w", err)
	}
	defer rows.Close()
	var ch locationChain
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &ch.orgID); err != nil {
			return locationChain{}, fmt.Errorf("load location chain: %w", err)
		}
		ch.ids = append(ch.ids, id)
	}
	if err := rows.Err(); err != nil || ch.ids == nil {
		return ch, err
	}
	ch.shared, err = loadShares(ctx, db, ch.ids)
	return ch, err
}
