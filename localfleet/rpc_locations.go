package localfleet

import (
	"context"
	"database/sql"
	"fmt"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const locationSelect = `SELECT l.id, l.name, COALESCE(l.parent_id, ''), l.created_on, l.org_id, o.name,
	(SELECT COUNT(*) FROM robots r WHERE r.location_id = l.id)
FROM locations l JOIN organizations o ON o.id = l.org_id`

func scanLocation(row interface{ Scan(...any) error }) (*apppb.Location, error) {
	var (
		l              apppb.Location
		created        int64
		orgID, orgName string
	)
	if err := row.Scan(&l.Id, &l.Name, &l.ParentLocationId, &created, &orgID, &orgName, &l.RobotCount); err != nil {
		return nil, err
	}
	l.CreatedOn = timestamppb.New(nanos(created))
	l.Organizations = []*apppb.LocationOrganization{{OrganizationId: orgID, Primary: true}}
	l.PrimaryOrgIdentity = &apppb.OrganizationIdentity{Id: orgID, Name: orgName}
	return &l, nil
}

// loadLocation returns a location, with its secrets when the caller may read
// them.
func (s *service) loadLocation(ctx context.Context, q querier, sc scope) (*apppb.Location, error) {
	l, err := scanLocation(q.QueryRowContext(ctx, locationSelect+` WHERE l.id = ?`, sc.id))
	if err == sql.ErrNoRows {
		return nil, notFound("location", sc.id)
	}
	if err != nil {
		return nil, storageError("get location", err)
	}
	addShares(l, sc)
	if s.can(ctx, permReadLocationSecret, sc) {
		if l.Auth, err = s.locationAuth(ctx, q, sc.id); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (s *service) locationAuth(ctx context.Context, q querier, locationID string) (*apppb.LocationAuth, error) {
	secrets, err := loadSecrets(ctx, q, `SELECT id, secret, created_on FROM location_secrets WHERE location_id = ? ORDER BY rowid`, locationID)
	if err != nil {
		return nil, storageError("load location secrets", err)
	}
	auth := &apppb.LocationAuth{LocationId: locationID, Secrets: secrets}
	if len(secrets) > 0 {
		auth.Secret = secrets[0].Secret //nolint:staticcheck // the deprecated field is still read by old clients
	}
	return auth, nil
}

func (s *service) CreateLocation(ctx context.Context, req *apppb.CreateLocationRequest) (*apppb.CreateLocationResponse, error) {
	orgID := req.GetOrganizationId()
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return nil, err
	}
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	if err := s.orgExists(ctx, s.db, orgID); err != nil {
		return nil, err
	}
	parentID := req.GetParentLocationId()
	if parentID == "" {
		// Only organization owners create top-level locations.
		if err := s.require(ctx, permWriteOrganization, orgScope(orgID)); err != nil {
			return nil, err
		}
	} else {
		parent, err := s.parentScope(ctx, "parent_location_id", parentID, orgID)
		if err != nil {
			return nil, err
		}
		if err := s.require(ctx, permWriteLocation, parent); err != nil {
			return nil, err
		}
	}
	var id string
	err := inTx(ctx, s.db, func(tx *txn) error {
		var err error
		id, err = s.insertLocation(ctx, tx, orgID, req.GetName(), parentID)
		return err
	})
	if err != nil {
		return nil, storageError("create location", err)
	}
	s.auth.invalidate()
	sc, err := s.locationScope(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	l, err := s.loadLocation(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateLocationResponse{Location: l}, nil
}

// parentScope checks a would-be parent location: well formed, existing, in
// the organization.
func (s *service) parentScope(ctx context.Context, field, parentID, orgID string) (scope, error) {
	if err := checkLocationID(field, parentID); err != nil {
		return scope{}, err
	}
	sc, err := s.locationScope(ctx, s.db, parentID)
	if err != nil {
		return scope{}, err
	}
	if sc.orgID != orgID {
		return scope{}, invalidArgf("%s: location %q belongs to another organization", field, parentID)
	}
	return sc, nil
}

// insertLocation stores a location with its first secret.
func (s *service) insertLocation(ctx context.Context, tx *txn, orgID, name, parentID string) (string, error) {
	id := s.ids.LocationID()
	var parent any
	if parentID != "" {
		parent = parentID
	}
	now := s.clock.Now().UnixNano()
	_, err := tx.ExecContext(ctx, `INSERT INTO locations (id, org_id, name, parent_id, created_on) VALUES (?, ?, ?, ?, ?)`,
		id, orgID, name, parent, now)
	if isForeignKeyViolation(err) && parentID != "" {
		return "", notFound("location", parentID)
	}
	if err != nil {
		return "", fmt.Errorf("insert location %q: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO location_secrets (id, location_id, secret, created_on) VALUES (?, ?, ?, ?)`,
		s.ids.UUID(), id, s.ids.Secret(), now); err != nil {
		return "", fmt.Errorf("insert location secret: %w", err)
	}
	return id, nil
}

func (s *service) GetLocation(ctx context.Context, req *apppb.GetLocationRequest) (*apppb.GetLocationResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permReadLocation)
	if err != nil {
		return nil, err
	}
	l, err := s.loadLocation(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	return &apppb.GetLocationResponse{Location: l}, nil
}

// requireLocation validates a location id field, checks the location exists
// and that the caller holds perm on it.
func (s *service) requireLocation(ctx context.Context, field, id, perm string) (scope, error) {
	if err := checkLocationID(field, id); err != nil {
		return scope{}, err
	}
	sc, err := s.locationScope(ctx, s.db, id)
	if err != nil {
		return scope{}, err
	}
	return sc, s.require(ctx, perm, sc)
}

// UpdateLocation renames and/or moves a location. An unset or empty name
// keeps the name; a parent set to "" moves the location to the top level.
func (s *service) UpdateLocation(ctx context.Context, req *apppb.UpdateLocationRequest) (*apppb.UpdateLocationResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	if req.GetName() != "" {
		if err := checkName("name", req.GetName()); err != nil {
			return nil, err
		}
	}
	if req.ParentLocationId != nil {
		if err := s.checkMove(ctx, sc, req.GetParentLocationId()); err != nil {
			return nil, err
		}
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		if req.GetName() != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE locations SET name = ? WHERE id = ?`, req.GetName(), sc.id); err != nil {
				return err
			}
		}
		if req.ParentLocationId != nil {
			var parent any
			if p := req.GetParentLocationId(); p != "" {
				parent = p
			}
			if _, err := tx.ExecContext(ctx, `UPDATE locations SET parent_id = ? WHERE id = ?`, parent, sc.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, storageError("update location", err)
	}
	s.auth.invalidate()
	if sc, err = s.locationScope(ctx, s.db, sc.id); err != nil {
		return nil, err
	}
	l, err := s.loadLocation(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateLocationResponse{Location: l}, nil
}

// checkMove checks that the location in sc may move under parentID ("" =
// the top level): the caller must own the destination, and a location
// cannot become its own ancestor.
func (s *service) checkMove(ctx context.Context, sc scope, parentID string) error {
	if parentID == "" {
		return s.require(ctx, permWriteOrganization, orgScope(sc.orgID))
	}
	parent, err := s.parentScope(ctx, "parent_location_id", parentID, sc.orgID)
	if err != nil {
		return err
	}
	for _, id := range parent.locations {
		if id == sc.id {
			return preconditionf("parent_location_id: cannot move location %q under %q: a location cannot be its own ancestor", sc.id, parentID)
		}
	}
	return s.require(ctx, permWriteLocation, parent)
}

// DeleteLocation deletes an empty location; one that still has machines or
// child locations is refused.
func (s *service) DeleteLocation(ctx context.Context, req *apppb.DeleteLocationRequest) (*apppb.DeleteLocationResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	if err := s.require(ctx, permWriteLocation, primaryOnly(sc)); err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		var machines, children int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM robots WHERE location_id = ?), (SELECT COUNT(*) FROM locations WHERE parent_id = ?)`,
			sc.id, sc.id).Scan(&machines, &children); err != nil {
			return err
		}
		if machines > 0 || children > 0 {
			return preconditionf("location %q still has %d machine(s) and %d child location(s); move or delete them first", sc.id, machines, children)
		}
		if err := deleteGrantsOn(ctx, tx, resourceLocation, sc.id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM locations WHERE id = ?`, sc.id)
		return err
	})
	if err != nil {
		return nil, storageError("delete location", err)
	}
	s.auth.invalidate()
	return &apppb.DeleteLocationResponse{}, nil
}

// ListLocations lists the organization's locations the caller may read, in
// creation order, with those shared into it (rpc_sharing.go).
func (s *service) ListLocations(ctx context.Context, req *apppb.ListLocationsRequest) (*apppb.ListLocationsResponse, error) {
	orgID := req.GetOrganizationId()
	if err := s.requireListingIn(ctx, "organization_id", orgID, permReadLocation); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, locationSelect+` WHERE l.org_id = ? OR l.id IN (`+sharedLocationsOf+`) ORDER BY l.rowid`, orgID, orgID)
	if err != nil {
		return nil, storageError("list locations", err)
	}
	var all []*apppb.Location
	for rows.Next() {
		l, err := scanLocation(rows)
		if err != nil {
			rows.Close()
			return nil, storageError("list locations", err)
		}
		all = append(all, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("list locations", err)
	}
	resp := &apppb.ListLocationsResponse{}
	for _, l := range all {
		sc, err := s.locationScope(ctx, s.db, l.Id)
		if err != nil {
			return nil, err
		}
		if !s.can(ctx, permReadLocation, sc) {
			continue
		}
		addShares(l, sc)
		if s.can(ctx, permReadLocationSecret, sc) {
			if l.Auth, err = s.locationAuth(ctx, s.db, l.Id); err != nil {
				return nil, err
			}
		}
		resp.Locations = append(resp.Locations, l)
	}
	return resp, nil
}

func (s *service) LocationAuth(ctx context.Context, req *apppb.LocationAuthRequest) (*apppb.LocationAuthResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permReadLocationSecret)
	if err != nil {
		return nil, err
	}
	auth, err := s.locationAuth(ctx, s.db, sc.id)
	if err != nil {
		return nil, err
	}
	return &apppb.LocationAuthResponse{Auth: auth}, nil
}

func (s *service) CreateLocationSecret(ctx context.Context, req *apppb.CreateLocationSecretRequest) (*apppb.CreateLocationSecretResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		return s.addSecret(ctx, tx, "location_secrets", "location_id", "location", sc.id)
	})
	if err != nil {
		return nil, storageError("create location secret", err)
	}
	auth, err := s.locationAuth(ctx, s.db, sc.id)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateLocationSecretResponse{Auth: auth}, nil
}

func (s *service) DeleteLocationSecret(ctx context.Context, req *apppb.DeleteLocationSecretRequest) (*apppb.DeleteLocationSecretResponse, error) {
	sc, err := s.requireLocation(ctx, "location_id", req.GetLocationId(), permWriteLocation)
	if err != nil {
		return nil, err
	}
	if err := checkUUID("secret_id", "secret", req.GetSecretId()); err != nil {
		return nil, err
	}
	if err := deleteSecret(ctx, s.db, "location_secrets", "location_id", "location", sc.id, req.GetSecretId()); err != nil {
		return nil, err
	}
	return &apppb.DeleteLocationSecretResponse{}, nil
}
