package localfleet

import (
	"context"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// GetRobotPartByNameAndLocation finds a part by its name among the
// machines of one location (not of its child locations). Part names are
// unique per machine only, so a name two machines' parts share is refused
// as ambiguous rather than answered with either. Reading the part needs
// read_robot_config on its machine, as GetRobotPart does.
func (s *service) GetRobotPartByNameAndLocation(ctx context.Context, req *apppb.GetRobotPartByNameAndLocationRequest) (*apppb.GetRobotPartByNameAndLocationResponse, error) {
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	if err := checkLocationID("location_id", req.GetLocationId()); err != nil {
		return nil, err
	}
	locSc, err := s.locationScope(ctx, s.db, req.GetLocationId())
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, partSelect+` WHERE r.location_id = ? AND p.name = ? ORDER BY p.rowid LIMIT 2`,
		locSc.id, req.GetName())
	if err != nil {
		return nil, storageError("find part", err)
	}
	var found []*partRow
	now := s.clock.Now()
	for rows.Next() {
		row, err := scanPart(rows, now)
		if err != nil {
			rows.Close()
			return nil, storageError("find part", err)
		}
		found = append(found, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("find part", err)
	}
	switch len(found) {
	case 0:
		// Say NotFound only to a caller who may list the location.
		if err := s.require(ctx, permReadLocation, locSc); err != nil {
			return nil, err
		}
		return nil, notFound(fmt.Sprintf("part in location %s named", locSc.id), req.GetName())
	case 2:
		return nil, preconditionf("name: more than one machine in location %q has a part named %q; get it by id instead", locSc.id, req.GetName())
	}
	part := found[0].part
	sc := locSc
	sc.kind, sc.id = resourceRobot, part.Robot
	if err := s.require(ctx, permReadRobotConfig, sc); err != nil {
		return nil, err
	}
	if err := s.redactPart(ctx, s.db, part, sc); err != nil {
		return nil, err
	}
	return &apppb.GetRobotPartByNameAndLocationResponse{Part: part}, nil
}

// GetRobotAPIKeys lists the API keys that hold a role on the machine itself
// (those made for it, as `viam machines api-key create` does), each with
// all its authorizations; keys whose organization or location grants also
// reach the machine are ListKeys' business. Keys are credentials, so this
// needs read_robot_secret on the machine. Secrets are never returned.
func (s *service) GetRobotAPIKeys(ctx context.Context, req *apppb.GetRobotAPIKeysRequest) (*apppb.GetRobotAPIKeysResponse, error) {
	_, sc, err := s.requireRobot(ctx, "robot_id", req.GetRobotId(), permReadRobotSecret)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, k.name, k.created_on, g.org_id, g.role, g.resource_type, g.resource_id
FROM api_keys k JOIN grants g ON g.identity_id = k.id
WHERE k.id IN (SELECT identity_id FROM grants WHERE resource_type = ? AND resource_id = ?)
ORDER BY k.rowid, g.rowid`, resourceRobot, sc.id)
	if err != nil {
		return nil, storageError("list machine keys", err)
	}
	defer rows.Close()
	resp := &apppb.GetRobotAPIKeysResponse{}
	var cur *apppb.APIKeyWithAuthorizations
	for rows.Next() {
		var (
			id, name string
			created  int64
			g        grant
		)
		if err := rows.Scan(&id, &name, &created, &g.orgID, &g.role, &g.resourceType, &g.resourceID); err != nil {
			return nil, storageError("list machine keys", err)
		}
		if cur == nil || cur.ApiKey.Id != id {
			cur = &apppb.APIKeyWithAuthorizations{ApiKey: &apppb.APIKey{Id: id, Name: name, CreatedOn: timestamppb.New(nanos(created))}}
			resp.ApiKeys = append(resp.ApiKeys, cur)
		}
		cur.Authorizations = append(cur.Authorizations, authorizationDetailsOf(g))
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list machine keys", err)
	}
	return resp, nil
}

// ListRobotsForLocations lists the machines of several locations, location
// by location in the order asked (repeats ignored), each sorted by name,
// as ListRobots would. No location ids gives no machines.
func (s *service) ListRobotsForLocations(ctx context.Context, req *apppb.ListRobotsForLocationsRequest) (*apppb.ListRobotsForLocationsResponse, error) {
	ids := req.GetLocationIds()
	for i, id := range ids {
		if err := checkLocationID(fmt.Sprintf("location_ids[%d]", i), id); err != nil {
			return nil, err
		}
	}
	resp := &apppb.ListRobotsForLocationsResponse{}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		robots, err := s.robotsIn(ctx, id)
		if err != nil {
			return nil, err
		}
		resp.Robots = append(resp.Robots, robots...)
	}
	return resp, nil
}

// ListRobotsForOrg lists the machines the caller may see in the
// organization's locations and in those shared into it, location by
// location in creation order, each sorted by name.
func (s *service) ListRobotsForOrg(ctx context.Context, req *apppb.ListRobotsForOrgRequest) (*apppb.ListRobotsForOrgResponse, error) {
	orgID := req.GetOrgId()
	if err := s.requireListingIn(ctx, "org_id", orgID, permReadLocation); err != nil {
		return nil, err
	}
	locations, err := s.orgLocationIDs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	resp := &apppb.ListRobotsForOrgResponse{}
	for _, id := range locations {
		robots, err := s.robotsIn(ctx, id)
		if status.Code(err) == codes.PermissionDenied || status.Code(err) == codes.NotFound {
			continue // a location the caller cannot list, or one deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		resp.Robots = append(resp.Robots, robots...)
	}
	return resp, nil
}

// robotsIn returns the machines of a location the caller may see, as seen
// now.
func (s *service) robotsIn(ctx context.Context, locationID string) ([]*apppb.Robot, error) {
	all, keep, err := s.visibleRobots(ctx, locationID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out []*apppb.Robot
	for _, r := range all {
		if keep(r.msg) {
			out = append(out, robotAt(r.msg, now))
		}
	}
	return out, nil
}

// orgLocationIDs returns the ids of the organization's locations and of
// those shared into it, in creation order.
func (s *service) orgLocationIDs(ctx context.Context, orgID string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM locations WHERE org_id = ? OR id IN (`+sharedLocationsOf+`) ORDER BY rowid`, orgID, orgID)
	if err != nil {
		return nil, storageError("list locations", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, storageError("list locations", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list locations", err)
	}
	return ids, nil
}
