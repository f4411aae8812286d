package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Fragment versions. Every save of a fragment is a revision, numbered "1",
// "2", ... and kept with its config (fragment_revisions); every update also
// leaves a history entry: the fragment as it was before, who edited it and
// when, and the revision and config the edit made. Tags ("stable", "beta")
// name revisions and move when set again. A version, wherever one is
// accepted, is a revision number, a tag, or "" / "latest" for the current
// revision. Tags cannot look like revision numbers or be "latest", so a
// version is never ambiguous.

// insertRevision stores a fragment's config as one of its revisions.
func insertRevision(ctx context.Context, tx *txn, fragmentID string, revision int64, config []byte, when int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO fragment_revisions (fragment_id, revision, config, created_on) VALUES (?, ?, ?, ?)`,
		fragmentID, revision, config, when)
	if err != nil {
		return fmt.Errorf("store revision %d of fragment %q: %w", revision, fragmentID, err)
	}
	return nil
}

// recordFragmentEdit stores the revision an update made (the one after
// before's) and its history entry.
func recordFragmentEdit(ctx context.Context, tx *txn, before *apppb.Fragment, config []byte, editor string, when int64) error {
	prev, err := strconv.ParseInt(before.Revision, 10, 64)
	if err != nil {
		return fmt.Errorf("fragment %q revision %q: %w", before.Id, before.Revision, err)
	}
	if err := insertRevision(ctx, tx, before.Id, prev+1, config, when); err != nil {
		return err
	}
	old, err := proto.Marshal(before)
	if err != nil {
		return fmt.Errorf("encode fragment %q: %w", before.Id, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO fragment_history (fragment_id, revision, edited_on, old, editor_type, editor) VALUES (?, ?, ?, ?, ?, ?)`,
		before.Id, prev+1, when, old, int32(apppb.AuthenticationType_AUTHENTICATION_TYPE_API_KEY), editor)
	if err != nil {
		return fmt.Errorf("record history of fragment %q: %w", before.Id, err)
	}
	return nil
}

// resolveVersion returns the revision a version names, NotFound when none.
func resolveVersion(ctx context.Context, q querier, f *apppb.Fragment, version string) (int64, error) {
	if version == "" || version == "latest" {
		return strconv.ParseInt(f.Revision, 10, 64)
	}
	var rev int64
	err := q.QueryRowContext(ctx, `SELECT revision FROM fragment_revisions WHERE fragment_id = ?1 AND CAST(revision AS TEXT) = ?2
UNION ALL SELECT revision FROM fragment_tags WHERE fragment_id = ?1 AND tag = ?2`, f.Id, version).Scan(&rev)
	if err == sql.ErrNoRows {
		return 0, notFound(fmt.Sprintf("revision or tag of fragment %s (current revision is %s)", f.Id, f.Revision), version)
	}
	if err != nil {
		return 0, storageError("resolve fragment version", err)
	}
	return rev, nil
}

// fragmentAt returns the fragment f (as currently stored) at a version:
// its config, revision and last_updated as of that revision; name and
// visibility are the current ones.
func (s *service) fragmentAt(ctx context.Context, q querier, f *apppb.Fragment, version string) (*apppb.Fragment, error) {
	rev, err := resolveVersion(ctx, q, f, version)
	if err != nil || strconv.FormatInt(rev, 10) == f.Revision {
		return f, err
	}
	var (
		config  []byte
		created int64
	)
	if err := q.QueryRowContext(ctx, `SELECT config, created_on FROM fragment_revisions WHERE fragment_id = ? AND revision = ?`,
		f.Id, rev).Scan(&config, &created); err != nil {
		return nil, storageError("get fragment revision", err)
	}
	at := proto.Clone(f).(*apppb.Fragment)
	if at.Fragment, err = decodeStruct(config); err != nil {
		return nil, storageError("get fragment revision", err)
	}
	if at.Fragment == nil {
		at.Fragment = &structpb.Struct{}
	}
	at.Revision = strconv.FormatInt(rev, 10)
	at.LastUpdated = timestamppb.New(nanos(created))
	return at, nil
}

// fragmentVersions lists a fragment's revisions (oldest first) and tags
// (by name).
func (s *service) fragmentVersions(ctx context.Context, fragmentID string) ([]*apppb.FragmentRevision, []*apppb.FragmentTag, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT revision, created_on FROM fragment_revisions WHERE fragment_id = ? ORDER BY revision`, fragmentID)
	if err != nil {
		return nil, nil, storageError("list fragment revisions", err)
	}
	defer rows.Close()
	var revisions []*apppb.FragmentRevision
	for rows.Next() {
		var rev, created int64
		if err := rows.Scan(&rev, &created); err != nil {
			return nil, nil, storageError("list fragment revisions", err)
		}
		revisions = append(revisions, &apppb.FragmentRevision{Revision: strconv.FormatInt(rev, 10), CreatedAt: timestamppb.New(nanos(created))})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, storageError("list fragment revisions", err)
	}
	tags, err := s.fragmentTags(ctx, s.db, fragmentID)
	return revisions, tags, err
}

func (s *service) fragmentTags(ctx context.Context, q querier, fragmentID string) ([]*apppb.FragmentTag, error) {
	rows, err := q.QueryContext(ctx, `SELECT tag, revision FROM fragment_tags WHERE fragment_id = ? ORDER BY tag`, fragmentID)
	if err != nil {
		return nil, storageError("list fragment tags", err)
	}
	defer rows.Close()
	tags := []*apppb.FragmentTag{}
	for rows.Next() {
		var (
			tag string
			rev int64
		)
		if err := rows.Scan(&tag, &rev); err != nil {
			return nil, storageError("list fragment tags", err)
		}
		tags = append(tags, &apppb.FragmentTag{Tag: tag, Revision: strconv.FormatInt(rev, 10)})
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("list fragment tags", err)
	}
	return tags, nil
}

// GetFragmentHistory returns a fragment's edits, newest first: each with
// the fragment as it was before (old), who edited it and when, and the
// revision and config the edit made. Reading the history needs
// read_fragment in the fragment's organization, public fragment or not.
func (s *service) GetFragmentHistory(ctx context.Context, req *apppb.GetFragmentHistoryRequest) (*apppb.GetFragmentHistoryResponse, error) {
	f, err := s.requireFragment(ctx, "id", req.GetId(), permReadFragment)
	if err != nil {
		return nil, err
	}
	limit, before, err := historyPage("fragment-history", req.GetPageLimit(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT h.id, h.revision, h.edited_on, h.old, h.editor_type, h.editor, r.config
FROM fragment_history h JOIN fragment_revisions r ON r.fragment_id = h.fragment_id AND r.revision = h.revision
WHERE h.fragment_id = ? AND h.id < ? ORDER BY h.id DESC LIMIT ?`, f.Id, before, limit+1)
	if err != nil {
		return nil, storageError("get fragment history", err)
	}
	defer rows.Close()
	resp := &apppb.GetFragmentHistoryResponse{}
	var lastID int64
	for rows.Next() {
		if int64(len(resp.History)) == limit {
			resp.NextPageToken = pageToken{id: lastID}.encode("fragment-history")
			break
		}
		e, id, err := scanFragmentHistory(rows, f.Id)
		if err != nil {
			return nil, storageError("get fragment history", err)
		}
		lastID = id
		resp.History = append(resp.History, e)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("get fragment history", err)
	}
	return resp, nil
}

func scanFragmentHistory(row interface{ Scan(...any) error }, fragmentID string) (*apppb.FragmentHistoryEntry, int64, error) {
	var (
		id, rev, edited int64
		old, config     []byte
		editorType      int32
		e               = &apppb.FragmentHistoryEntry{Fragment: fragmentID, EditedBy: &apppb.AuthenticatorInfo{}, Old: &apppb.Fragment{}}
	)
	if err := row.Scan(&id, &rev, &edited, &old, &editorType, &e.EditedBy.Value, &config); err != nil {
		return nil, 0, err
	}
	e.Revision = strconv.FormatInt(rev, 10)
	e.EditedOn = timestamppb.New(nanos(edited))
	e.EditedBy.Type = apppb.AuthenticationType(editorType)
	if err := proto.Unmarshal(old, e.Old); err != nil {
		return nil, 0, err
	}
	var err error
	if e.Config, err = decodeStruct(config); err != nil {
		return nil, 0, err
	}
	return e, id, nil
}

// checkTag validates a tag name: a name that is neither "latest" nor a
// number, which would read as a revision.
func checkTag(tag string) error {
	if err := checkName("tag", tag); err != nil {
		return err
	}
	if tag == "latest" {
		return invalidArgf("tag: \"latest\" always means the current revision and cannot be set")
	}
	if _, err := strconv.ParseInt(tag, 10, 64); err == nil {
		return invalidArgf("tag: %q looks like a revision number; tags must not", tag)
	}
	return nil
}

// SetFragmentTag points a tag at a revision, moving it if it exists, and
// returns all the fragment's tags. It needs write_fragment.
func (s *service) SetFragmentTag(ctx context.Context, req *apppb.SetFragmentTagRequest) (*apppb.SetFragmentTagResponse, error) {
	if err := checkUUID("fragment_id", "fragment", req.GetFragmentId()); err != nil {
		return nil, err
	}
	if err := checkTag(req.GetTag()); err != nil {
		return nil, err
	}
	rev, err := strconv.ParseInt(req.GetRevision(), 10, 64)
	if err != nil || rev < 1 {
		return nil, invalidArgf("revision: want a revision number such as \"1\", got %q", req.GetRevision())
	}
	f, err := s.requireFragment(ctx, "fragment_id", req.GetFragmentId(), permWriteFragment)
	if err != nil {
		return nil, err
	}
	var tags []*apppb.FragmentTag
	err = inTx(ctx, s.db, func(tx *txn) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM fragment_revisions WHERE fragment_id = ? AND revision = ?`, f.Id, rev).Scan(&one)
		if err == sql.ErrNoRows {
			return notFound(fmt.Sprintf("revision of fragment %s (current revision is %s)", f.Id, f.Revision), req.GetRevision())
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fragment_tags (fragment_id, tag, revision) VALUES (?, ?, ?)
ON CONFLICT (fragment_id, tag) DO UPDATE SET revision = excluded.revision`, f.Id, req.GetTag(), rev); err != nil {
			return err
		}
		tags, err = s.fragmentTags(ctx, tx, f.Id)
		return err
	})
	if err != nil {
		return nil, storageError("set fragment tag", err)
	}
	return &apppb.SetFragmentTagResponse{Tags: tags}, nil
}

// DeleteFragmentTag removes a tag and returns the fragment's remaining
// tags. It needs write_fragment; an unknown tag is NotFound.
func (s *service) DeleteFragmentTag(ctx context.Context, req *apppb.DeleteFragmentTagRequest) (*apppb.DeleteFragmentTagResponse, error) {
	if err := checkName("tag", req.GetTag()); err != nil {
		return nil, err
	}
	f, err := s.requireFragment(ctx, "fragment_id", req.GetFragmentId(), permWriteFragment)
	if err != nil {
		return nil, err
	}
	var tags []*apppb.FragmentTag
	err = inTx(ctx, s.db, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM fragment_tags WHERE fragment_id = ? AND tag = ?`, f.Id, req.GetTag())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("tag of fragment %s", f.Id), req.GetTag())
		}
		tags, err = s.fragmentTags(ctx, tx, f.Id)
		return err
	})
	if err != nil {
		return nil, storageError("delete fragment tag", err)
	}
	return &apppb.DeleteFragmentTagResponse{Tags: tags}, nil
}

// GetFragmentUsage counts the machines whose parts use the fragment, per
// version they ask for (a revision, a tag, or unset for the latest), over
// every organization: organizations and machines using it, and machines in
// the fragment's own organization. A fragment no machine uses has no
// usages. A private fragment needs read_fragment in its organization; a
// public or unlisted one anyone may ask about.
func (s *service) GetFragmentUsage(ctx context.Context, req *apppb.GetFragmentUsageRequest) (*apppb.GetFragmentUsageResponse, error) {
	f, err := s.readableFragment(ctx, "fragment_id", req.GetFragmentId())
	if err != nil {
		return nil, err
	}
	uses, err := s.partsUsing(ctx, f.Id)
	if err != nil {
		return nil, storageError("get fragment usage", err)
	}
	type tally struct {
		orgs, machines, inOwner map[string]bool
	}
	byVersion := map[string]*tally{}
	var order []string
	for _, u := range uses {
		for _, r := range u.refs {
			t := byVersion[r.version]
			if t == nil {
				t = &tally{orgs: map[string]bool{}, machines: map[string]bool{}, inOwner: map[string]bool{}}
				byVersion[r.version] = t
				order = append(order, r.version)
			}
			t.orgs[u.orgID] = true
			t.machines[u.robotID] = true
			if u.orgID == f.OrganizationOwner {
				t.inOwner[u.robotID] = true
			}
		}
	}
	resp := &apppb.GetFragmentUsageResponse{}
	for _, v := range order {
		t := byVersion[v]
		usage := &apppb.FragmentUsage{FragmentId: f.Id, Organizations: int32(len(t.orgs)),
			Machines: int32(len(t.machines)), MachinesInCurrentOrg: int32(len(t.inOwner))}
		if v != "" {
			usage.Version = &v
		}
		resp.VersionUsages = append(resp.VersionUsages, usage)
	}
	return resp, nil
}
