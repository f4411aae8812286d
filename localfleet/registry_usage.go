package localfleet

import (
	"context"
	"fmt"
)

// itemUsage counts the machines (and their organizations) whose parts'
// own configs use a registry item: a "modules" entry with its
// "module_id" (modules that come through fragments are not counted).
// External counts leave out the item's own organization.
type itemUsage struct {
	robots, externalRobots int64
	orgs, externalOrgs     int64
}

// registryUsage counts, for every module id that some part's config
// names, the machines and organizations that use it. Configs are read
// whole: a local fleet has few parts, and usage must follow every config
// edit without a second copy of the data to keep in step.
func (s *service) registryUsage(ctx context.Context) (registryUsers, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, l.org_id, p.config FROM parts p
JOIN robots r ON r.id = p.robot_id JOIN locations l ON l.id = r.location_id WHERE p.config IS NOT NULL`)
	if err != nil {
		return nil, storageError("count registry item usage", err)
	}
	defer rows.Close()
	users := registryUsers{}
	for rows.Next() {
		var (
			robotID, orgID string
			blob           []byte
		)
		if err := rows.Scan(&robotID, &orgID, &blob); err != nil {
			return nil, storageError("count registry item usage", err)
		}
		cfg, err := decodeStruct(blob)
		if err != nil {
			return nil, storageError("count registry item usage", fmt.Errorf("machine %q config: %w", robotID, err))
		}
		for _, m := range cfg.GetFields()["modules"].GetListValue().GetValues() {
			id := m.GetStructValue().GetFields()["module_id"].GetStringValue()
			if id == "" {
				continue // a local module, not from the registry
			}
			if users[id] == nil {
				users[id] = map[string]string{}
			}
			users[id][robotID] = orgID
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("count registry item usage", err)
	}
	return users, nil
}

// registryUsers maps item ids to the machines using them, each with its
// organization.
type registryUsers map[string]map[string]string

// of sums an item's users as the registry shows them.
func (users registryUsers) of(itemID, ownerOrg string) itemUsage {
	var u itemUsage
	orgs := map[string]bool{}
	for _, orgID := range users[itemID] {
		u.robots++
		if orgID != ownerOrg {
			u.externalRobots++
		}
		orgs[orgID] = true
	}
	for orgID := range orgs {
		u.orgs++
		if orgID != ownerOrg {
			u.externalOrgs++
		}
	}
	return u
}
