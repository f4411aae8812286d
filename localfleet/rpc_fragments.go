package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// A fragment's part count is the number of parts in its organization whose
// stored config mentions its id (a config references fragments by id).
const fragmentSelect = `SELECT f.id, f.name, f.config, f.org_id, o.name, COALESCE(o.public_namespace, ''), f.visibility,
	f.created_on, f.last_updated, f.revision,
	(SELECT COUNT(*) FROM parts p JOIN robots r ON r.id = p.robot_id JOIN locations l ON l.id = r.location_id
	 WHERE l.org_id = f.org_id AND instr(p.config, CAST(f.id AS BLOB)) > 0)
FROM fragments f JOIN organizations o ON o.id = f.org_id`

func scanFragment(row interface{ Scan(...any) error }) (*apppb.Fragment, error) {
	var (
		f                    apppb.Fragment
		config               []byte
		namespace            string
		visibility           int32
		created, lastUpdated int64
		revision             int64
	)
	if err := row.Scan(&f.Id, &f.Name, &config, &f.OrganizationOwner, &f.OrganizationName, &namespace, &visibility,
		&created, &lastUpdated, &revision, &f.RobotPartCount); err != nil {
		return nil, err
	}
	var err error
	if f.Fragment, err = decodeStruct(config); err != nil {
		return nil, fmt.Errorf("fragment %q config: %w", f.Id, err)
	}
	if f.Fragment == nil {
		f.Fragment = &structpb.Struct{}
	}
	f.Visibility = apppb.FragmentVisibility(visibility)
	f.Public = f.Visibility == apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC
	f.CreatedOn = timestamppb.New(nanos(created))
	f.LastUpdated = timestamppb.New(nanos(lastUpdated))
	f.Revision = strconv.FormatInt(revision, 10)
	if namespace != "" {
		f.PublicNamespace = &namespace
	}
	f.OrganizationCount = 1
	f.OnlyUsedByOwner = true
	return &f, nil
}

// parseFragmentVisibility reads a fixture visibility; "" is private.
func parseFragmentVisibility(v string) (apppb.FragmentVisibility, error) {
	switch v {
	case "", "private":
		return apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE, nil
	case "public":
		return apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC, nil
	case "public_unlisted":
		return apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC_UNLISTED, nil
	}
	return 0, fmt.Errorf("visibility: want \"private\", \"public\" or \"public_unlisted\", got %q", v)
}

func checkFragmentVisibility(field string, v apppb.FragmentVisibility) error {
	if _, ok := apppb.FragmentVisibility_name[int32(v)]; !ok || v == apppb.FragmentVisibility_FRAGMENT_VISIBILITY_UNSPECIFIED {
		return invalidArgf("%s: want FRAGMENT_VISIBILITY_PRIVATE, _PUBLIC or _PUBLIC_UNLISTED, got %v", field, v)
	}
	return nil
}

func (s *service) insertFragment(ctx context.Context, tx *txn, orgID, name string, config *structpb.Struct, vis apppb.FragmentVisibility) (string, error) {
	blob, err := encodeStruct(config)
	if err != nil {
		return "", err
	}
	id := s.ids.UUID()
	now := s.clock.Now().UnixNano()
	_, err = tx.ExecContext(ctx, `INSERT INTO fragments (id, org_id, name, config, visibility, created_on, last_updated, revision)
VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, id, orgID, name, blob, int32(vis), now, now)
	if err != nil {
		return "", fmt.Errorf("insert fragment %q: %w", name, err)
	}
	if err := insertRevision(ctx, tx, id, 1, blob, now); err != nil {
		return "", err
	}
	return id, nil
}

func (s *service) loadFragment(ctx context.Context, q querier, id string) (*apppb.Fragment, error) {
	f, err := scanFragment(q.QueryRowContext(ctx, fragmentSelect+` WHERE f.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("fragment", id)
	}
	if err != nil {
		return nil, storageError("get fragment", err)
	}
	return f, nil
}

// ListFragments lists the organization's fragments, optionally only those
// of the given visibilities.
func (s *service) ListFragments(ctx context.Context, req *apppb.ListFragmentsRequest) (*apppb.ListFragmentsResponse, error) {
	orgID, err := s.requireOrgField(ctx, "organization_id", req.GetOrganizationId(), permReadFragment)
	if err != nil {
		return nil, err
	}
	want := map[apppb.FragmentVisibility]bool{}
	for i, v := range req.GetFragmentVisibility() {
		if err := checkFragmentVisibility(fmt.Sprintf("fragment_visibility[%d]", i), v); err != nil {
			return nil, err
		}
		want[v] = true
	}
	rows, err := s.db.QueryContext(ctx, fragmentSelect+` WHERE f.org_id = ? ORDER BY f.rowid`, orgID)
	if err != nil {
		return nil, storageError("list fragments", err)
	}
	defer rows.Close()
	resp := &apppb.ListFragmentsResponse{}
	for rows.Next() {
		f, err := scanFragment(rows)
		if err != nil {
			return nil, storageError("list fragments", err)
		}
		if len(want) == 0 || want[f.Visibility] {
			resp.Fragments = append(resp.Fragments, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list fragments", err)
	}
	return resp, nil
}

// requireFragment validates a fragment id field, loads the fragment and
// checks that the caller holds perm in its organization.
func (s *service) requireFragment(ctx context.Context, field, id, perm string) (*apppb.Fragment, error) {
	if err := checkUUID(field, "fragment", id); err != nil {
		return nil, err
	}
	f, err := s.loadFragment(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return f, s.require(ctx, perm, orgScope(f.OrganizationOwner))
}

// readableFragment validates a fragment id field and loads the fragment
// for a caller who may read it (canReadFragment).
func (s *service) readableFragment(ctx context.Context, field, id string) (*apppb.Fragment, error) {
	if err := checkUUID(field, "fragment", id); err != nil {
		return nil, err
	}
	f, err := s.loadFragment(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !s.canReadFragment(ctx, f) {
		return nil, permissionDenied(permReadFragment, orgScope(f.OrganizationOwner))
	}
	return f, nil
}

// canReadFragment reports whether the caller may read the fragment: any
// public or unlisted one, a private one with read_fragment in its
// organization.
func (s *service) canReadFragment(ctx context.Context, f *apppb.Fragment) bool {
	return f.Visibility != apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE ||
		s.can(ctx, permReadFragment, orgScope(f.OrganizationOwner))
}

// GetFragment returns a fragment: any caller may read a public or unlisted
// one; a private one needs read_fragment in its organization. version
// picks a stored revision or a tag (rpc_fragment_versions.go); "" and
// "latest" are the current revision.
func (s *service) GetFragment(ctx context.Context, req *apppb.GetFragmentRequest) (*apppb.GetFragmentResponse, error) {
	f, err := s.readableFragment(ctx, "id", req.GetId())
	if err != nil {
		return nil, err
	}
	at, err := s.fragmentAt(ctx, s.db, f, req.GetVersion())
	if err != nil {
		return nil, err
	}
	revisions, tags, err := s.fragmentVersions(ctx, f.Id)
	if err != nil {
		return nil, err
	}
	return &apppb.GetFragmentResponse{
		Fragment:  at,
		Revisions: revisions,
		Tags:      tags,
		FragmentUsage: &apppb.FragmentUsage{
			FragmentId: f.Id, Organizations: 1, Machines: f.RobotPartCount, MachinesInCurrentOrg: f.RobotPartCount,
		},
	}, nil
}

func (s *service) CreateFragment(ctx context.Context, req *apppb.CreateFragmentRequest) (*apppb.CreateFragmentResponse, error) {
	orgID := req.GetOrganizationId()
	if err := checkUUID("organization_id", "organization", orgID); err != nil {
		return nil, err
	}
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	vis := apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE
	if req.Visibility != nil {
		if err := checkFragmentVisibility("visibility", req.GetVisibility()); err != nil {
			return nil, err
		}
		vis = req.GetVisibility()
	}
	if err := s.requireOrg(ctx, permWriteFragment, orgID); err != nil {
		return nil, err
	}
	var id string
	err := inTx(ctx, s.db, func(tx *txn) error {
		var err error
		id, err = s.insertFragment(ctx, tx, orgID, req.GetName(), req.GetConfig(), vis)
		return err
	})
	if err != nil {
		return nil, storageError("create fragment", err)
	}
	f, err := s.loadFragment(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return &apppb.CreateFragmentResponse{Fragment: f}, nil
}

// UpdateFragment renames a fragment and optionally replaces its config and
// visibility; each save is a new revision, stored with a history entry
// holding the fragment as it was (rpc_fragment_versions.go). A stale
// last_known_update is refused.
func (s *service) UpdateFragment(ctx context.Context, req *apppb.UpdateFragmentRequest) (*apppb.UpdateFragmentResponse, error) {
	if err := checkUUID("id", "fragment", req.GetId()); err != nil {
		return nil, err
	}
	if err := checkName("name", req.GetName()); err != nil {
		return nil, err
	}
	old, err := s.loadFragment(ctx, s.db, req.GetId())
	if err != nil {
		return nil, err
	}
	if err := s.require(ctx, permWriteFragment, orgScope(old.OrganizationOwner)); err != nil {
		return nil, err
	}
	vis := old.Visibility
	switch {
	case req.Visibility != nil:
		if err := checkFragmentVisibility("visibility", req.GetVisibility()); err != nil {
			return nil, err
		}
		vis = req.GetVisibility()
	case req.Public != nil: //nolint:staticcheck // deprecated but still sent by older SDKs
		vis = apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE
		if req.GetPublic() { //nolint:staticcheck // as above
			vis = apppb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC
		}
	}
	err = inTx(ctx, s.db, func(tx *txn) error {
		before, err := s.loadFragment(ctx, tx, old.Id)
		if err != nil {
			return err
		}
		if lk := req.GetLastKnownUpdate(); lk != nil && before.LastUpdated.AsTime().After(lk.AsTime()) {
			return preconditionf("last_known_update: fragment %q was changed at %s, after %s; read it again and reapply your change",
				old.Id, before.LastUpdated.AsTime().Format(timeLayout), lk.AsTime().Format(timeLayout))
		}
		config := before.Fragment
		if req.Config != nil {
			config = req.GetConfig()
		}
		blob, err := encodeStruct(config)
		if err != nil {
			return err
		}
		now := s.clock.Now().UnixNano()
		if _, err := tx.ExecContext(ctx, `UPDATE fragments SET name = ?, visibility = ?, last_updated = ?, revision = revision + 1, config = ? WHERE id = ?`,
			req.GetName(), int32(vis), now, blob, old.Id); err != nil {
			return err
		}
		return recordFragmentEdit(ctx, tx, before, blob, callerOf(ctx).keyID, now)
	})
	if err != nil {
		return nil, storageError("update fragment", err)
	}
	f, err := s.loadFragment(ctx, s.db, old.Id)
	if err != nil {
		return nil, err
	}
	return &apppb.UpdateFragmentResponse{Fragment: f}, nil
}

func (s *service) DeleteFragment(ctx context.Context, req *apppb.DeleteFragmentRequest) (*apppb.DeleteFragmentResponse, error) {
	f, err := s.requireFragment(ctx, "id", req.GetId(), permWriteFragment)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM fragments WHERE id = ?`, f.Id); err != nil {
		return nil, storageError("delete fragment", err)
	}
	return &apppb.DeleteFragmentResponse{}, nil
}
