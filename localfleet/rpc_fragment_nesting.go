package localfleet

import (
	"context"
	"fmt"
	"slices"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxFragmentNesting is how many fragments deep imports may go, counting
// the importing one at the top: a fragment imported through this many
// others is refused with NESTING_LIMIT_EXCEEDED (Viam does not document
// its limit).
const maxFragmentNesting = 5

// fragmentResolver walks fragment imports (a config's "fragments" entries)
// and collects each fragment reached, at the version asked for, once per
// revision. What cannot be resolved is reported per reference, as the
// typed errors of ResolvedFragment, never as a failure of the call:
// CHILD_ID_INVALID for a malformed or unknown id or version, NO_ACCESS for
// a private fragment of an organization the caller cannot read fragments
// of, CYCLE_DETECTED for a fragment that imports itself through others,
// NESTING_LIMIT_EXCEEDED beyond maxFragmentNesting.
type fragmentResolver struct {
	s         *service
	fragments []*apppb.Fragment
	resolved  []*apppb.ResolvedFragment
	seen      map[string]bool
}

func newFragmentResolver(s *service) *fragmentResolver {
	return &fragmentResolver{s: s, seen: map[string]bool{}}
}

// visit resolves ref, imported through the fragments on path (depth
// len(path)+1 counts ref itself), and then what it imports.
func (r *fragmentResolver) visit(ctx context.Context, ref fragmentRef, path []string) error {
	switch {
	case !isUUID(ref.id):
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID, fmt.Sprintf("%q is not a fragment id", ref.id))
		return nil
	case slices.Contains(path, ref.id):
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CYCLE_DETECTED, fmt.Sprintf("fragment %s imports itself", ref.id))
		return nil
	case len(path) >= maxFragmentNesting:
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_NESTING_LIMIT_EXCEEDED,
			fmt.Sprintf("fragment %s is nested more than %d deep", ref.id, maxFragmentNesting))
		return nil
	}
	f, err := r.s.loadFragment(ctx, r.s.db, ref.id)
	if status.Code(err) == codes.NotFound {
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID, fmt.Sprintf("no fragment %s", ref.id))
		return nil
	}
	if err != nil {
		return err
	}
	if !r.s.canReadFragment(ctx, f) {
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_NO_ACCESS, fmt.Sprintf("fragment %s is private to another organization", ref.id))
		return nil
	}
	at, err := r.s.fragmentAt(ctx, r.s.db, f, ref.version)
	if status.Code(err) == codes.NotFound {
		r.fail(ref.id, apppb.FragmentErrorType_FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID,
			fmt.Sprintf("fragment %s has no revision or tag %q", ref.id, ref.version))
		return nil
	}
	if err != nil {
		return err
	}
	r.add(at)
	return r.children(ctx, at, append(path, at.Id))
}

// children visits what the fragment imports.
func (r *fragmentResolver) children(ctx context.Context, f *apppb.Fragment, path []string) error {
	for _, child := range fragmentRefs(f.Fragment) {
		if err := r.visit(ctx, child, slices.Clip(path)); err != nil {
			return err
		}
	}
	return nil
}

func (r *fragmentResolver) add(f *apppb.Fragment) {
	key := f.Id + "@" + f.Revision
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.fragments = append(r.fragments, f)
	r.resolved = append(r.resolved, &apppb.ResolvedFragment{FragmentId: f.Id, ResolvedConfig: f.Fragment, Revision: f.Revision})
}

func (r *fragmentResolver) fail(id string, kind apppb.FragmentErrorType, detail string) {
	key := id + "!" + kind.String()
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.resolved = append(r.resolved, &apppb.ResolvedFragment{FragmentId: id,
		Error: &apppb.FragmentError{ErrorType: kind, FragmentId: id, Detail: detail}})
}

func additionalRefs(field string, extra []*apppb.AdditionalFragment) ([]fragmentRef, error) {
	refs := make([]fragmentRef, len(extra))
	for i, a := range extra {
		if err := checkUUID(fmt.Sprintf("%s[%d].fragment_id", field, i), "fragment", a.GetFragmentId()); err != nil {
			return nil, err
		}
		refs[i] = fragmentRef{id: a.GetFragmentId(), version: a.GetVersion()}
	}
	return refs, nil
}

// ListNestedFragments lists the fragments fragment_id imports, directly
// or through others (not fragment_id itself), and those the additional
// fragments are with what they import, as if fragment_id imported them
// too. The fragment itself must exist and be readable (NotFound,
// PermissionDenied); what it imports is resolved as fragmentResolver says.
func (s *service) ListNestedFragments(ctx context.Context, req *apppb.ListNestedFragmentsRequest) (*apppb.ListNestedFragmentsResponse, error) {
	extra, err := additionalRefs("additional_fragments", req.GetAdditionalFragments())
	if err != nil {
		return nil, err
	}
	r := newFragmentResolver(s)
	var path []string
	if req.FragmentId != nil {
		root, err := s.readableFragment(ctx, "fragment_id", req.GetFragmentId())
		if err != nil {
			return nil, err
		}
		path = []string{root.Id}
		if err := r.children(ctx, root, path); err != nil {
			return nil, storageError("list nested fragments", err)
		}
	}
	for _, ref := range extra {
		if err := r.visit(ctx, ref, path); err != nil {
			return nil, storageError("list nested fragments", err)
		}
	}
	return &apppb.ListNestedFragmentsResponse{Fragments: r.fragments, ResolvedFragments: r.resolved}, nil
}

// ListMachineFragments lists the fragments a machine's parts import (main
// part first), the additional ones, and everything those import in turn.
// Reading part configs needs read_robot_config on the machine.
func (s *service) ListMachineFragments(ctx context.Context, req *apppb.ListMachineFragmentsRequest) (*apppb.ListMachineFragmentsResponse, error) {
	_, sc, err := s.requireRobot(ctx, "machine_id", req.GetMachineId(), permReadRobotConfig)
	if err != nil {
		return nil, err
	}
	refs, err := s.machineFragmentRefs(ctx, sc.id)
	if err != nil {
		return nil, err
	}
	for i, id := range req.GetAdditionalFragmentIds() {
		if err := checkUUID(fmt.Sprintf("additional_fragment_ids[%d]", i), "fragment", id); err != nil {
			return nil, err
		}
		refs = append(refs, fragmentRef{id: id})
	}
	extra, err := additionalRefs("additional_fragments", req.GetAdditionalFragments())
	if err != nil {
		return nil, err
	}
	r := newFragmentResolver(s)
	for _, ref := range append(refs, extra...) {
		if err := r.visit(ctx, ref, nil); err != nil {
			return nil, storageError("list machine fragments", err)
		}
	}
	return &apppb.ListMachineFragmentsResponse{Fragments: r.fragments, ResolvedFragments: r.resolved}, nil
}

// machineFragmentRefs reads the fragment references of a machine's parts.
func (s *service) machineFragmentRefs(ctx context.Context, robotID string) ([]fragmentRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT config FROM parts WHERE robot_id = ? ORDER BY main DESC, rowid`, robotID)
	if err != nil {
		return nil, storageError("read part configs", err)
	}
	defer rows.Close()
	var refs []fragmentRef
	for rows.Next() {
		var config []byte
		if err := rows.Scan(&config); err != nil {
			return nil, storageError("read part configs", err)
		}
		cfg, err := decodeStruct(config)
		if err != nil {
			return nil, storageError("read part configs", err)
		}
		refs = append(refs, fragmentRefs(cfg)...)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("read part configs", err)
	}
	return refs, nil
}
