package localfleet

import (
	"context"
	"fmt"
	"strings"

	apppb "go.viam.com/api/app/v1"
)

// Sharing a location with another organization makes it, with its child
// locations and their machines, part of that organization too: it is
// listed by the organization's ListLocations (Location.organizations names
// both, the owner marked primary), and the organization's grants cover it
// as they cover the organization's own locations. So an owner of the
// secondary organization may share it further, as Viam's docs say, and
// operators there may operate its machines. Only the primary organization
// can move or delete it, and unsharing from the primary organization is
// refused.

// sharedLocationsOf selects the ids of the locations shared into the
// organization (the ?) and of their descendants.
const sharedLocationsOf = `WITH RECURSIVE shared(id) AS (
	SELECT location_id FROM location_shares WHERE org_id = ?
	UNION SELECT l.id FROM locations l JOIN shared s ON l.parent_id = s.id
) SELECT id FROM shared`

// loadShares returns the organizations any of the locations is shared
// into, in the order they were shared, without repeats.
func loadShares(ctx context.Context, db querier, locationIDs []string) ([]string, error) {
	args := make([]any, len(locationIDs))
	for i, id := range locationIDs {
		args[i] = id
	}
	marks := strings.Repeat(",?", len(locationIDs))[1:]
	rows, err := db.QueryContext(ctx, `SELECT org_id FROM location_shares WHERE location_id IN (`+marks+`)
GROUP BY org_id ORDER BY MIN(rowid)`, args...)
	if err != nil {
		return nil, fmt.Errorf("load location shares: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("load location shares: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// addShares lists the organizations a location is shared into after its
// primary organization.
func addShares(l *apppb.Location, sc scope) {
	for _, orgID := range sc.sharedWith {
		l.Organizations = append(l.Organizations, &apppb.LocationOrganization{OrganizationId: orgID})
	}
}

// primaryOnly is sc without the organizations it is shared into: for what
// only the owning organization may do.
func primaryOnly(sc scope) scope {
	sc.sharedWith = nil
	return sc
}

// shareRequest validates a share or unshare: a well-formed existing
// location the caller owns (write_location) and an existing organization
// other than the location's primary one.
func (s *service) shareRequest(ctx context.Context, locationID, orgID string) (scope, error) {
	sc, err := s.requireLocation(ctx, "location_id", locationID, permWriteLocation)
	if err != nil {
		return scope{}, err
	}
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return scope{}, err
	}
	if err := s.orgExists(ctx, s.db, orgID); err != nil {
		return scope{}, err
	}
	if orgID == sc.orgID {
		return scope{}, preconditionf("organization_id: %q is location %q's primary organization", orgID, sc.id)
	}
	return sc, nil
}

func (s *service) ShareLocation(ctx context.Context, req *apppb.ShareLocationRequest) (*apppb.ShareLocationResponse, error) {
	sc, err := s.shareRequest(ctx, req.GetLocationId(), req.GetOrganizationId())
	if err != nil {
		return nil, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO location_shares (location_id, org_id) VALUES (?, ?)`, sc.id, req.GetOrganizationId())
	switch {
	case isUniqueViolation(err):
		return nil, alreadyExistsf("location %q is already shared with organization %q", sc.id, req.GetOrganizationId())
	case isForeignKeyViolation(err): // deleted meanwhile
		return nil, notFound("location or organization", sc.id+", "+req.GetOrganizationId())
	case err != nil:
		return nil, storageError("share location", err)
	}
	s.auth.invalidate()
	return &apppb.ShareLocationResponse{}, nil
}

// UnshareLocation removes a share made by ShareLocation; a location only
// shared through its parent is unshared by unsharing the parent.
func (s *service) UnshareLocation(ctx context.Context, req *apppb.UnshareLocationRequest) (*apppb.UnshareLocationResponse, error) {
	sc, err := s.shareRequest(ctx, req.GetLocationId(), req.GetOrganizationId())
	if err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM location_shares WHERE location_id = ? AND org_id = ?`, sc.id, req.GetOrganizationId())
	if err != nil {
		return nil, storageError("unshare location", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound(fmt.Sprintf("share of location %s with organization", sc.id), req.GetOrganizationId())
	}
	s.auth.invalidate()
	return &apppb.UnshareLocationResponse{}, nil
}
