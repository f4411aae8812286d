package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// defaultSummaryLimit is how many machines ListMachineSummaries returns
// when the request sets no limit (or 0, as the Go SDK sends), as on
// app.viam.com.
const defaultSummaryLimit = 100

// summaryQuery is a validated ListMachineSummaries request.
type summaryQuery struct {
	orgIDs    []string
	locations map[string]bool // nil = every location
	fragments map[string]bool // nil = any machine
	limit     int
}

func (s *service) parseSummaryQuery(ctx context.Context, req *apppb.ListMachineSummariesRequest) (summaryQuery, error) {
	q := summaryQuery{limit: defaultSummaryLimit}
	if req.Limit != nil {
		switch n := req.GetLimit(); {
		case n < 0:
			return q, invalidArgf("limit: must not be negative, got %d", n)
		case n > 0:
			q.limit = int(n)
		}
	}
	var err error
	if q.locations, err = idSet("location_ids", req.GetLocationIds(), checkLocationID); err != nil {
		return q, err
	}
	checkFragmentID := func(field, id string) error { return checkUUID(field, "fragment", id) }
	if q.fragments, err = idSet("fragment_ids", req.GetFragmentIds(), checkFragmentID); err != nil {
		return q, err
	}
	if orgID := req.GetOrganizationId(); orgID != "" {
		if err := s.requireListingIn(ctx, "organization_id", orgID, permReadRobot); err != nil {
			return q, err
		}
		q.orgIDs = []string{orgID}
		return q, nil
	}
	seen := map[string]bool{}
	for _, g := range callerOf(ctx).grants {
		if !seen[g.orgID] {
			seen[g.orgID] = true
			q.orgIDs = append(q.orgIDs, g.orgID)
		}
	}
	return q, nil
}

// idSet validates a list of ids into a set; an empty list is nil (no
// filter).
func idSet(field string, ids []string, check func(field, id string) error) (map[string]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	set := make(map[string]bool, len(ids))
	for i, id := range ids {
		if err := check(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return nil, err
		}
		set[id] = true
	}
	return set, nil
}

// ListMachineSummaries is the dashboard view: per location, the machines
// the caller may see with a summary of each part (state, last access,
// viam-server version, os and platform as viam-server reported them, the
// fragments its config imports). With no organization it covers every
// organization the caller holds a grant in, else one organization's
// locations and those shared into it, in creation order, machines by name.
// location_ids keeps only those locations, fragment_ids only machines
// with a part importing one of those fragments directly. Locations without
// a listed machine are left out. At most limit machines are summarised
// (default 100). Part fragments are shown only to callers who may read
// configs.
func (s *service) ListMachineSummaries(ctx context.Context, req *apppb.ListMachineSummariesRequest) (*apppb.ListMachineSummariesResponse, error) {
	q, err := s.parseSummaryQuery(ctx, req)
	if err != nil {
		return nil, err
	}
	sm := &summarizer{s: s, names: map[string]string{}, now: s.clock.Now()}
	resp := &apppb.ListMachineSummariesResponse{}
	done := map[string]bool{}
	machines := 0
	for _, orgID := range q.orgIDs {
		ids, err := s.orgLocationIDs(ctx, orgID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if machines == q.limit {
				return resp, nil
			}
			if done[id] || q.locations != nil && !q.locations[id] {
				continue
			}
			done[id] = true
			ls, err := sm.location(ctx, id, q, q.limit-machines)
			if err != nil {
				return nil, err
			}
			if ls != nil {
				resp.LocationSummaries = append(resp.LocationSummaries, ls)
				machines += len(ls.MachineSummaries)
			}
		}
	}
	return resp, nil
}

// summarizer builds the summaries of one call.
type summarizer struct {
	s     *service
	names map[string]string // fragment id -> name ("" when unknown)
	now   time.Time
}

// location summarises up to max machines of a location; nil when it lists
// none (or the caller may see none).
func (sm *summarizer) location(ctx context.Context, locationID string, q summaryQuery, max int) (*apppb.LocationSummary, error) {
	all, keep, err := sm.s.visibleRobots(ctx, locationID)
	if code := status.Code(err); code == codes.PermissionDenied || code == codes.NotFound {
		return nil, nil // not the caller's to see, or deleted meanwhile
	}
	if err != nil {
		return nil, err
	}
	sc, err := sm.s.locationScope(ctx, sm.s.db, locationID)
	if err != nil {
		return nil, err
	}
	ls := &apppb.LocationSummary{LocationId: locationID}
	for _, r := range all {
		if len(ls.MachineSummaries) == max {
			break
		}
		if !keep(r.msg) {
			continue
		}
		rsc := sc
		rsc.kind, rsc.id = resourceRobot, r.msg.Id
		ms, err := sm.machine(ctx, r.msg, q, sm.s.can(ctx, permReadRobotConfig, rsc))
		if err != nil {
			return nil, err
		}
		if ms != nil {
			ls.MachineSummaries = append(ls.MachineSummaries, ms)
		}
	}
	if len(ls.MachineSummaries) == 0 {
		return nil, nil
	}
	err = sm.s.db.QueryRowContext(ctx, `SELECT name FROM locations WHERE id = ?`, locationID).Scan(&ls.LocationName)
	if err != nil && err != sql.ErrNoRows {
		return nil, storageError("get location name", err)
	}
	return ls, nil
}

// machine summarises a machine's parts, main part first; nil when a
// fragment filter leaves it out.
func (sm *summarizer) machine(ctx context.Context, r *apppb.Robot, q summaryQuery, showFragments bool) (*apppb.MachineSummary, error) {
	rows, err := sm.s.db.QueryContext(ctx, partSelect+` WHERE p.robot_id = ? ORDER BY p.main DESC, p.rowid`, r.Id)
	if err != nil {
		return nil, storageError("summarise machine", err)
	}
	var parts []*apppb.RobotPart
	for rows.Next() {
		row, err := scanPart(rows, sm.now)
		if err != nil {
			rows.Close()
			return nil, storageError("summarise machine", err)
		}
		parts = append(parts, row.part)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageError("summarise machine", err)
	}
	ms := &apppb.MachineSummary{MachineId: r.Id, MachineName: r.Name}
	matched := q.fragments == nil
	for _, p := range parts {
		ps := partSummary(p)
		for _, ref := range fragmentRefs(p.RobotConfig) {
			matched = matched || q.fragments[ref.id]
			if showFragments && isUUID(ref.id) {
				name, err := sm.fragmentName(ctx, ref.id)
				if err != nil {
					return nil, err
				}
				ps.Fragments = append(ps.Fragments, &apppb.FragmentSummary{Id: ref.id, Name: name})
			}
		}
		ms.PartSummaries = append(ms.PartSummaries, ps)
	}
	if !matched {
		return nil, nil
	}
	return ms, nil
}

// partSummary is what the dashboard shows of a part. viam-server reports
// its version, os and platform in user_supplied_info; the version goes to
// viam_server_version.major.
func partSummary(p *apppb.RobotPart) *apppb.PartSummary {
	ps := &apppb.PartSummary{
		PartId: p.Id, PartName: p.Name, IsMainPart: p.MainPart,
		OnlineState: p.OnlineState, SecondsSinceOnline: p.SecondsSinceOnline,
		LastAccess: p.LastAccess, LastOnline: p.LastAccess, DnsName: &p.DnsName,
	}
	info := p.UserSuppliedInfo.GetFields()
	if v := stringField(info, "version"); v != nil {
		ps.ViamServerVersion = &apppb.ViamServerVersion{Version: &apppb.ViamServerVersion_Major{Major: *v}}
	}
	ps.Os = stringField(info, "os")
	ps.Platform = stringField(info, "platform")
	return ps
}

// stringField returns a non-empty string field of a Struct, nil otherwise.
func stringField(fields map[string]*structpb.Value, key string) *string {
	if s := fields[key].GetStringValue(); s != "" {
		return &s
	}
	return nil
}

func (sm *summarizer) fragmentName(ctx context.Context, id string) (string, error) {
	if name, ok := sm.names[id]; ok {
		return name, nil
	}
	var name string
	err := sm.s.db.QueryRowContext(ctx, `SELECT name FROM fragments WHERE id = ?`, id).Scan(&name)
	if err != nil && err != sql.ErrNoRows {
		return "", storageError("get fragment name", err)
	}
	sm.names[id] = name
	return name, nil
}
