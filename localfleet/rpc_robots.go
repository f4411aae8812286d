package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// A machine's online state is the best of its parts'. The enum values order
// them already: ONLINE(1) < OFFLINE(2) < AWAITING_SETUP(3), so MIN picks it.
const robotSelect = `SELECT r.id, r.name, r.location_id, r.created_on,
	(SELECT MAX(last_access) FROM parts WHERE robot_id = r.id),
	(SELECT MIN(online_state) FROM parts WHERE robot_id = r.id)
FROM robots r`

// scanRobot reads a robotSelect row, leaving seconds_since_online to
// robotAt.
func scanRobot(row interface{ Scan(...any) error }) (*apppb.Robot, error) {
	var (
		r          apppb.Robot
		created    int64
		lastAccess sql.NullInt64
		state      sql.NullInt32
	)
	if err := row.Scan(&r.Id, &r.Name, &r.Location, &created, &lastAccess, &state); err != nil {
		return nil, err
	}
	r.CreatedOn = timestamppb.New(nanos(created))
	r.OnlineState = apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP
	if state.Valid {
		r.OnlineState = apppb.OnlineState(state.Int32)
	}
	if lastAccess.Valid {
		r.LastAccess = timestamppb.New(nanos(lastAccess.Int64))
	}
	return &r, nil
}

// loadRobot returns a machine and its scope, NotFound if it does not exist.
func (s *service) loadRobot(ctx context.Context, q querier, id string) (*apppb.Robot, scope, error) {
	r, err := s.robots.robot(id, func() (*apppb.Robot, error) {
		r, err := scanRobot(q.QueryRowContext(ctx, robotSelect+` WHERE r.id = ?`, id))
		if err == sql.ErrNoRows {
			return nil, notFound("machine", id)
		}
		if err != nil {
			return nil, storageError("get machine", err)
		}
		return r, nil
	})
	if err != nil {
		return nil, scope{}, err
	}
	sc, err := s.robotScope(ctx, q, r.Id, r.Location)
	return robotAt(r, s.clock.Now()), sc, err
}

// requireRobot validates a machine id field, loads the machine and checks
// that the caller holds perm on it.
func (s *service) requireRobot(ctx context.Context, field, id, perm string) (*apppb.Robot, scope, error) {
	if err := checkUUID(field, "machine", id); err != nil {
		return nil, scope{}, err
	}
	r, sc, err := s.loadRobot(ctx, s.db, id)
	if err != nil {
		return nil, scope{}, err
	}
	return r, sc, s.require(ctx, perm, sc)
}

func (s *service) GetRobot(ctx context.Context, req *apppb.GetRobotRequest) (*apppb.GetRobotResponse, error) {
	r, _, err := s.requireRobot(ctx, "id", req.GetId(), permReadRobot)
	if err != nil {
		return nil, err
	}
	return &apppb.GetRobotResponse{Robot: r}, nil
}

// ListRobots lists a location's machines by name: all of them for a caller
// who can read the location, else those the caller holds a machine grant on.
func (s *service) ListRobots(ctx context.Context, req *apppb.ListRobotsRequest) (*apppb.ListRobotsResponse, error) {
	if err := checkLocationID("location_id", req.GetLocationId()); err != nil {
		return nil, err
	}
	all, keep, err := s.visibleRobots(ctx, req.GetLocationId())
	if err != nil {
		return nil, err
	}
	resp, err := listRobotsResponse(all, keep, s.clock.Now())
	if err != nil {
		return nil, storageError("list machines", err)
	}
	// resp.Robots is empty: the machines are pre-encoded unknown fields
	// that only the wire encoding turns back into robots. Nothing in this
	// process (interceptors, logging, a direct call in a test) may read it;
	// callers go through gRPC, in-process ones over bufconn.
	return resp, nil
}

// visibleRobots returns an existing location's machines, sorted by name,
// and which of them the caller may see: all for a caller who can read the
// location, else those it holds a machine grant on.
func (s *service) visibleRobots(ctx context.Context, locationID string) ([]cachedRobot, func(*apppb.Robot) bool, error) {
	sc, err := s.locationScope(ctx, s.db, locationID)
	if err != nil {
		return nil, nil, err
	}
	readAll := s.can(ctx, permReadLocation, sc)
	if !readAll && !s.hasAnyGrantIn(ctx, sc.orgID) {
		return nil, nil, permissionDenied(permReadLocation, sc)
	}
	all, err := s.robots.location(sc.id, func() ([]*apppb.Robot, error) { return s.queryRobots(ctx, sc.id) })
	if err != nil {
		return nil, nil, err
	}
	keep := func(r *apppb.Robot) bool {
		if readAll {
			return true
		}
		rsc := sc
		rsc.kind, rsc.id = resourceRobot, r.Id
		return s.can(ctx, permReadRobot, rsc)
	}
	return all, keep, nil
}

// queryRobots reads a location's machines, sorted by name.
func (s *service) queryRobots(ctx context.Context, locationID string) ([]*apppb.Robot, error) {
	rows, err := s.db.QueryContext(ctx, robotSelect+` WHERE r.location_id = ? ORDER BY r.name`, locationID)
	if err != nil {
		return nil, storageError("list machines", err)
	}
	defer rows.Close()
	var out []*apppb.Robot
	for rows.Next() {
		r, err := scanRobot(rows)
		if err != nil {
			return nil, storageError("list machines", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list machines", err)
	}
	return out, nil
}

// NewRobot creates a machine with its main part, named "<name>-main".
func (s *service) NewRobot(ctx context.Context, req *apppb.NewRobotRequest) (*apppb.NewRobotResponse, error) {
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	sc, err := s.requireLocation(ctx, "location", req.GetLocation(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	var id string
	err = inTx(ctx, s.db, func(tx *txn) error {
		var err error
		id, _, err = s.insertRobot(ctx, tx, sc.id, req.GetName())
		return err
	})
	if err != nil {
		return nil, storageError("create machine", err)
	}
	s.robotsChanged()
	return &apppb.NewRobotResponse{Id: id}, nil
}

// insertRobot stores a machine and its main part.
func (s *service) insertRobot(ctx context.Context, tx *txn, locationID, name string) (robotID, partID string, err error) {
	robotID = s.ids.UUID()
	_, err = tx.ExecContext(ctx, `INSERT INTO robots (id, location_id, name, created_on) VALUES (?, ?, ?, ?)`,
		robotID, locationID, name, s.clock.Now().UnixNano())
	if isUniqueViolation(err) {
		return "", "", alreadyExistsf("name: location %q already has a machine named %q", locationID, name)
	}
	if isForeignKeyViolation(err) {
		return "", "", notFound("location", locationID)
	}
	if err != nil {
		return "", "", fmt.Errorf("insert machine %q: %w", name, err)
	}
	partID, err = s.insertPart(ctx, tx, robotID, name+"-main", true)
	return robotID, partID, err
}

// UpdateRobot renames a machine and/or moves it to another location.
func (s *service) UpdateRobot(ctx context.Context, req *apppb.UpdateRobotRequest) (*apppb.UpdateRobotResponse, error) {
	_, sc, err := s.requireRobot(ctx, "id", req.GetId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	// Renaming a machine in place needs only ownership of the machine;
	// moving it also needs ownership of the destination.
	dest := sc
	if req.GetLocation() != sc.locations[0] {
		if dest, err = s.requireLocation(ctx, "location", req.GetLocation(), permWriteLocation); err != nil {
			return nil, err
		}
	}
	if dest.orgID != sc.orgID {
		return nil, invalidArgf("location: %q belongs to another organization than machine %q", req.GetLocation(), sc.id)
	}
	_, err = s.db.ExecContext(ctx, `UPDATE robots SET name = ?, location_id = ? WHERE id = ?`, req.GetName(), req.GetLocation(), sc.id)
	if isUniqueViolation(err) {
		return nil, alreadyExistsf("name: location %q already has a machine named %q", req.GetLocation(), req.GetName())
	}
	if isForeignKeyViolation(err) {
		return nil, notFound("location", req.GetLocation())
	}
	if err != nil {
		return nil, storageError("update machine", err)
	}
	s.robotsChanged()
	r, _, err := s.loadRobot(ctx, s.db, sc.id)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateRobotResponse{Robot: r}, nil
}

// DeleteRobot deletes a machine with its parts, their logs, history and
// secrets, and the grants on it.
func (s *service) DeleteRobot(ctx context.Context, req *apppb.DeleteRobotRequest) (*apppb.DeleteRobotResponse, error) {
	_, sc, err := s.requireRobot(ctx, "id", req.GetId(), permWriteRobot)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if err := deleteGrantsOn(ctx, tx, resourceRobot, sc.id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM robots WHERE id = ?`, sc.id)
		return err
	})
	if err != nil {
		return nil, storageError("delete machine", err)
	}
	s.robotsChanged()
	s.auth.invalidate()
	return &apppb.DeleteRobotResponse{}, nil
}
