package localfleet

import (
	"context"
	"fmt"
	"hash/fnv"
	mathrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// defaultFixture is what a new database holds when Options.Fixture is nil.
var defaultFixture = &Fixture{Organizations: []FixtureOrganization{{Name: "Local Organization"}}}

// ownerKeyName names the owner key made for a new database.
const ownerKeyName = "owner"

// seedIfNew loads the fixture into a database that has no organization yet,
// in one transaction, and records the owner key it made.
func (s *Server) seedIfNew(ctx context.Context, f *Fixture) error {
	svc := s.svc
	var n int
	if err := svc.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n); err != nil {
		return fmt.Errorf("inspect database: %w", err)
	}
	if n > 0 {
		return nil
	}
	if f == nil {
		f = defaultFixture
	}
	if err := f.validate(); err != nil {
		return fmt.Errorf("fixture: %w", err)
	}
	secret := svc.ids.Secret()
	var keyID string
	err := inTx(ctx, svc.db, func(tx *txn) error {
		l := &fixtureLoader{s: svc, tx: tx, ctx: ctx, f: f, now: svc.clock.Now()}
		var err error
		keyID, err = l.load(secret)
		return err
	})
	if err != nil {
		return fmt.Errorf("load fixture: %w", err)
	}
	svc.robotsChanged()
	s.bootstrapID, s.bootstrapKey = keyID, secret
	return nil
}

// fixtureLoader writes one fixture inside one transaction.
type fixtureLoader struct {
	s   *service
	tx  *txn
	ctx context.Context
	f   *Fixture
	now time.Time // the fleet's clock when loading began; fixture times are relative to it

	// per organization: names to ids for grants
	locations map[string]string // "Warehouse/Aisle 1" -> id
	robots    map[string]string // machine name -> id
	fragments map[string]string // fragment name -> id

	logTemplates [][]byte // log_catalog lines encoded without their time
}

// load writes every organization and returns the owner key of the first.
func (l *fixtureLoader) load(ownerSecret string) (string, error) {
	var ownerKey string
	for i, org := range l.f.Organizations {
		id, err := l.organization(org)
		if err != nil {
			return "", fmt.Errorf("organization %q: %w", org.Name, err)
		}
		if i == 0 {
			ownerKey, err = l.s.insertKey(l.ctx, l.tx, id, ownerKeyName, ownerSecret, false,
				[]grant{{orgID: id, role: roleOwner, resourceType: resourceOrganization, resourceID: id}})
			if err != nil {
				return "", err
			}
		}
	}
	return ownerKey, nil
}

func (l *fixtureLoader) organization(org FixtureOrganization) (string, error) {
	orgID, err := l.s.insertOrganization(l.ctx, l.tx, org.Name, org.PublicNamespace)
	if err != nil {
		return "", err
	}
	l.locations, l.robots, l.fragments = map[string]string{}, map[string]string{}, map[string]string{}
	// Fragments first: part configs refer to them by name.
	for _, fr := range org.Fragments {
		if err := l.fragment(orgID, fr); err != nil {
			return "", fmt.Errorf("fragment %q: %w", fr.Name, err)
		}
	}
	if err := l.locationTree(orgID, "", "", org.Locations); err != nil {
		return "", err
	}
	for _, m := range org.Modules {
		if err := l.module(orgID, org.PublicNamespace, m); err != nil {
			return "", fmt.Errorf("module %q: %w", m.Name, err)
		}
	}
	for _, m := range org.Members {
		grants, err := l.grants(orgID, m.Grants)
		if err != nil {
			return "", fmt.Errorf("member %q: %w", m.Email, err)
		}
		if _, err := l.s.insertMember(l.ctx, l.tx, orgID, m.Email, grants); err != nil {
			return "", fmt.Errorf("member %q: %w", m.Email, err)
		}
	}
	for _, inv := range org.Invites {
		grants, err := l.grants(orgID, inv.Grants)
		if err != nil {
			return "", fmt.Errorf("invite %q: %w", inv.Email, err)
		}
		if err := l.s.insertInvite(l.ctx, l.tx, orgID, inv.Email, grants); err != nil {
			return "", fmt.Errorf("invite %q: %w", inv.Email, err)
		}
	}
	for _, k := range org.APIKeys {
		grants, err := l.grants(orgID, k.Grants)
		if err != nil {
			return "", fmt.Errorf("API key %q: %w", k.Name, err)
		}
		// Extra keys get a secret nobody knows: they exist to be listed,
		// rotated or deleted by scripts.
		if _, err := l.s.insertKey(l.ctx, l.tx, orgID, k.Name, l.s.ids.Secret(), false, grants); err != nil {
			return "", fmt.Errorf("API key %q: %w", k.Name, err)
		}
	}
	return orgID, nil
}

func (l *fixtureLoader) locationTree(orgID, parentID, parentPath string, locs []FixtureLocation) error {
	for _, loc := range locs {
		path := loc.Name
		if parentPath != "" {
			path = parentPath + "/" + loc.Name
		}
		id, err := l.s.insertLocation(l.ctx, l.tx, orgID, loc.Name, parentID)
		if err != nil {
			return err
		}
		l.locations[path] = id
		for _, m := range loc.Machines {
			if err := l.machine(id, m); err != nil {
				return fmt.Errorf("machine %q: %w", m.Name, err)
			}
		}
		if err := l.locationTree(orgID, id, path, loc.Locations); err != nil {
			return err
		}
	}
	return nil
}

func (l *fixtureLoader) machine(locationID string, m FixtureMachine) error {
	if _, dup := l.robots[m.Name]; dup {
		return fmt.Errorf("machine names must be unique within a fixture organization")
	}
	robotID, mainPartID, err := l.s.insertRobot(l.ctx, l.tx, locationID, m.Name)
	if err != nil {
		return err
	}
	l.robots[m.Name] = robotID
	mainIndex := 0
	for i, p := range m.Parts {
		if p.Main {
			mainIndex = i
		}
	}
	for i, p := range m.Parts {
		partID := mainPartID
		if i != mainIndex {
			if partID, err = l.s.insertPart(l.ctx, l.tx, robotID, p.Name, false); err != nil {
				return err
			}
		}
		if err := l.part(partID, p); err != nil {
			return fmt.Errorf("part %q: %w", p.Name, err)
		}
	}
	return nil
}

// part fills in a part's name, state, config and logs.
func (l *fixtureLoader) part(partID string, p FixturePart) error {
	cfg, err := l.resolveFragmentRefs(p.Config)
	if err != nil {
		return err
	}
	config, err := structFromMap(cfg)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	info, err := structFromMap(p.UserSuppliedInfo)
	if err != nil {
		return fmt.Errorf("user_supplied_info: %w", err)
	}
	configBlob, err := encodeStruct(config)
	if err != nil {
		return err
	}
	infoBlob, err := encodeStruct(info)
	if err != nil {
		return err
	}
	state, _ := parseOnlineState(p.State) // validated with the fixture
	var lastAccess any
	if state != apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP {
		lastAccess = l.now.Add(-time.Duration(p.LastSeen)).UnixNano()
	}
	if _, err := l.tx.ExecContext(l.ctx, `UPDATE parts SET name = ?, config = ?, user_info = ?, online_state = ?, last_access = ? WHERE id = ?`,
		p.Name, configBlob, infoBlob, int32(state), lastAccess, partID); err != nil {
		return fmt.Errorf("update part: %w", err)
	}
	rows := make([]logRow, 0, len(p.Logs)+p.LogCount)
	for _, fl := range p.Logs {
		row, err := logRowOf(l.logEntry(fl, l.now.Add(-time.Duration(fl.Ago))))
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	catalog, err := l.catalogLogs(p.Name, p.LogCount)
	if err != nil {
		return err
	}
	return insertLogRows(l.ctx, l.tx, partID, append(rows, catalog...))
}

// catalogLogs draws n lines from the fixture's catalog for a part, spread
// over the n×4 minutes before the fleet's clock (the last few may fall just
// after it). The draw is seeded by the part's name, so it does not depend
// on the id source or the mode.
func (l *fixtureLoader) catalogLogs(partName string, n int) ([]logRow, error) {
	if n <= 0 || len(l.f.LogCatalog) == 0 {
		return nil, nil
	}
	if l.logTemplates == nil {
		l.logTemplates = make([][]byte, len(l.f.LogCatalog))
		for i, fl := range l.f.LogCatalog {
			tmpl, err := proto.Marshal(l.logEntry(fl, time.Time{}))
			if err != nil {
				return nil, fmt.Errorf("encode log_catalog[%d]: %w", i, err)
			}
			l.logTemplates[i] = tmpl
		}
	}
	h := fnv.New64a()
	h.Write([]byte(partName))
	rng := mathrand.New(mathrand.NewPCG(h.Sum64(), 0x5eed))
	out := make([]logRow, 0, n)
	// Gaps of 1 s to 7 min from n×4 min before the clock: the lines end
	// around the clock (goldens recorded on the demo depend on this draw;
	// changing it changes their output).
	at := l.now.Add(-time.Duration(n) * 4 * time.Minute)
	for range n {
		at = at.Add(time.Duration(1+rng.IntN(7*60)) * time.Second)
		i := rng.IntN(len(l.f.LogCatalog))
		row, err := timedLogRow(l.logTemplates[i], l.f.LogCatalog[i].Level, l.f.LogCatalog[i].Message, timestamppb.New(at))
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// logEntry builds a fixture line; a zero at leaves the time unset.
func (l *fixtureLoader) logEntry(fl FixtureLog, at time.Time) *commonpb.LogEntry {
	e := &commonpb.LogEntry{
		Host:       "localfleet",
		Level:      strings.ToLower(fl.Level),
		LoggerName: fl.Logger,
		Message:    fl.Message,
	}
	if !at.IsZero() {
		e.Time = timestamppb.New(at)
	}
	if file, line, ok := strings.Cut(fl.Caller, ":"); ok {
		n, _ := strconv.Atoi(line)
		e.Caller, _ = structpb.NewStruct(map[string]any{
			"Defined": true, "File": file, "Line": float64(n), "Function": fl.Function,
		})
	}
	return e
}

func (l *fixtureLoader) fragment(orgID string, fr FixtureFragment) error {
	vis, err := parseFragmentVisibility(fr.Visibility)
	if err != nil {
		return err
	}
	config, err := structFromMap(fr.Config)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	id, err := l.s.insertFragment(l.ctx, l.tx, orgID, fr.Name, config, vis)
	l.fragments[fr.Name] = id
	return err
}

// resolveFragmentRefs turns the fixture's {"name": "<fragment>"} entries of
// a config's "fragments" list into {"id": "<fragment id>"}, since ids are
// only known once the fragments are stored. It returns a copy.
func (l *fixtureLoader) resolveFragmentRefs(cfg map[string]any) (map[string]any, error) {
	refs, ok := cfg["fragments"].([]any)
	if !ok {
		return cfg, nil
	}
	out := make(map[string]any, len(cfg))
	for k, v := range cfg {
		out[k] = v
	}
	resolved := make([]any, len(refs))
	for i, ref := range refs {
		resolved[i] = ref
		m, ok := ref.(map[string]any)
		if !ok {
			continue
		}
		name, ok := m["name"].(string)
		if !ok {
			continue
		}
		id, ok := l.fragments[name]
		if !ok {
			return nil, fmt.Errorf("config.fragments[%d]: no fragment named %q in the fixture organization", i, name)
		}
		resolved[i] = map[string]any{"id": id}
	}
	out["fragments"] = resolved
	return out, nil
}

func (l *fixtureLoader) module(orgID, namespace string, m FixtureModule) error {
	vis := apppb.Visibility_VISIBILITY_PRIVATE
	switch m.Visibility {
	case "", "private":
	case "public":
		vis = apppb.Visibility_VISIBILITY_PUBLIC
	default:
		return fmt.Errorf("visibility: want \"private\" or \"public\", got %q", m.Visibility)
	}
	moduleID, err := l.s.insertRegistryItem(l.ctx, l.tx, orgID, namespace, m.Name, typeModule)
	if err != nil {
		return err
	}
	models := make([]*apppb.Model, len(m.Models))
	for i, fm := range m.Models {
		models[i] = &apppb.Model{Api: fm.API, Model: fm.Model}
	}
	return l.s.updateModule(l.ctx, l.tx, moduleID, vis, m.URL, m.Description, models, m.Entrypoint, nil)
}

// grants resolves fixture grants to resource ids.
func (l *fixtureLoader) grants(orgID string, fgs []FixtureGrant) ([]grant, error) {
	out := make([]grant, 0, len(fgs))
	for _, fg := range fgs {
		if !validRole(fg.Role) {
			return nil, fmt.Errorf("grant role: want \"owner\" or \"operator\", got %q", fg.Role)
		}
		g := grant{orgID: orgID, role: fg.Role, resourceType: fg.Resource}
		var ok bool
		switch fg.Resource {
		case resourceOrganization:
			g.resourceID, ok = orgID, true
		case resourceLocation:
			g.resourceID, ok = l.locations[fg.Name]
		case resourceRobot:
			g.resourceID, ok = l.robots[fg.Name]
		default:
			return nil, fmt.Errorf("grant resource: want organization, location or robot, got %q", fg.Resource)
		}
		if !ok {
			return nil, fmt.Errorf("grant on %s %q: no such %s in the fixture", fg.Resource, fg.Name, fg.Resource)
		}
		out = append(out, g)
	}
	return out, nil
}

// parseOnlineState reads a fixture part state; "" is awaiting setup.
func parseOnlineState(s string) (apppb.OnlineState, error) {
	switch s {
	case "", "awaiting_setup":
		return apppb.OnlineState_ONLINE_STATE_AWAITING_SETUP, nil
	case "online":
		return apppb.OnlineState_ONLINE_STATE_ONLINE, nil
	case "offline":
		return apppb.OnlineState_ONLINE_STATE_OFFLINE, nil
	}
	return 0, fmt.Errorf("want \"online\", \"offline\" or \"awaiting_setup\", got %q", s)
}
