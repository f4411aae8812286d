package builtins

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// Options are a Fleet's starting defaults.
type Options struct {
	OrgID      string // "" = the first organization ListOrganizations returns, found on first need
	LocationID string // "" = none: methods with an optional location_id then require it
}

// Fleet is the predeclared value `fleet`. Its attributes are the methods,
// org_id, location_id and use. It is safe for concurrent use by several
// Starlark threads (parallel.map).
type Fleet struct {
	cc      grpc.ClientConnInterface
	methods map[string]*Method
	use     *starkit.Func

	mu         sync.Mutex // guards the defaults; held across org discovery
	orgID      string
	locationID string
}

var (
	_ starlark.HasAttrs  = (*Fleet)(nil)
	_ starkit.Documented = (*Fleet)(nil)
	_ starkit.SafeAttrs  = (*Fleet)(nil)
)

// discoveryTimeout bounds org discovery triggered by reading fleet.org_id,
// which has no thread and so no run context.
const discoveryTimeout = 30 * time.Second

// New returns the fleet module calling through cc. A nil cc makes a fleet
// that only serves documentation (help, dir): calls fail with an error.
func New(cc grpc.ClientConnInterface, opts Options) *Fleet {
	f := &Fleet{
		cc:         cc,
		methods:    make(map[string]*Method, len(registry.sorted)),
		orgID:      opts.OrgID,
		locationID: opts.LocationID,
	}
	for _, m := range registry.sorted {
		f.methods[m.name] = &Method{fleet: f, m: m}
	}
	f.use = starkit.NewFunc("fleet.use", useDoc, []string{"org_id", "location_id"}, f.callUse)
	return f
}

func (f *Fleet) String() string        { return "<fleet>" }
func (f *Fleet) Type() string          { return "fleet" }
func (f *Fleet) Freeze()               {} // the defaults are client state, changed only by use()
func (f *Fleet) Truth() starlark.Bool  { return true }
func (f *Fleet) Hash() (uint32, error) { return 0, errors.New("unhashable: fleet") }
func (f *Fleet) Doc() string           { return moduleDoc() }

func (f *Fleet) Attr(name string) (starlark.Value, error) {
	switch name {
	case "org_id":
		ctx, cancel := context.WithTimeout(context.Background(), discoveryTimeout)
		defer cancel()
		id, err := f.defaultOrg(ctx)
		if err != nil {
			return nil, fmt.Errorf("fleet.org_id: %w", err)
		}
		return starlark.String(id), nil
	case "location_id":
		if id := f.LocationID(); id != "" {
			return starlark.String(id), nil
		}
		return starlark.None, nil
	case "use":
		return f.use, nil
	}
	if m, ok := f.methods[name]; ok {
		return m, nil
	}
	return nil, nil // starlark reports "fleet has no .name field or method"
}

func (f *Fleet) AttrNames() []string { return slices.Clone(attrNames()) }

// SafeAttrNames are the attributes that cost nothing to read: the methods
// and use. Reading org_id may discover the organization with an RPC, and
// location_id waits on the lock held across that discovery, so the REPL
// offers both by name without reading them.
func (f *Fleet) SafeAttrNames() []string { return slices.Clone(safeAttrNames()) }

// attrNames are the fleet's attributes, sorted: the safe ones, org_id and
// location_id.
var attrNames = sync.OnceValue(func() []string {
	names := append([]string{"location_id", "org_id"}, safeAttrNames()...)
	slices.Sort(names)
	return names
})

// safeAttrNames are the methods and use, sorted.
var safeAttrNames = sync.OnceValue(func() []string {
	names := []string{"use"}
	for _, m := range registry.sorted {
		names = append(names, m.name)
	}
	slices.Sort(names)
	return names
})

// Method returns the bound method called name, for hosts and tests.
func (f *Fleet) Method(name string) (*Method, bool) {
	m, ok := f.methods[name]
	return m, ok
}

// LocationID is the default location, "" when none is set.
func (f *Fleet) LocationID() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.locationID
}

// defaultOrg returns the default organization, asking the server for the
// first one the credentials reach when none is known yet.
func (f *Fleet) defaultOrg(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.orgID != "" {
		return f.orgID, nil
	}
	if f.cc == nil {
		return "", errors.New("no fleet connection to find the default organization")
	}
	resp := &appv1.ListOrganizationsResponse{}
	if err := f.cc.Invoke(ctx, "/viam.app.v1.AppService/ListOrganizations", &appv1.ListOrganizationsRequest{}, resp); err != nil {
		return "", fmt.Errorf("finding the default organization: %w", newRPCError("list_organizations", err))
	}
	if len(resp.GetOrganizations()) == 0 {
		return "", errors.New("the credentials reach no organization; pass org_id=")
	}
	f.orgID = resp.GetOrganizations()[0].GetId()
	return f.orgID, nil
}

const useDoc = `fleet.use(org_id=None, location_id=None) -> None

Change the fleet's default organization and/or location: methods that take
an optional org_id or location_id use them when the argument is omitted.
An argument left as None keeps its current default; location_id="" clears
the default location.

Errors: a non-string argument, or an empty org_id.`

func (f *Fleet) callUse(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var org, loc starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("use", args, kwargs, "org_id?", &org, "location_id?", &loc); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "use: "))
	}
	orgID, orgSet, err := optionalString("org_id", org)
	if err != nil {
		return nil, err
	}
	if orgSet && orgID == "" {
		return nil, errors.New("org_id: must not be empty")
	}
	locID, locSet, err := optionalString("location_id", loc)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if orgSet {
		f.orgID = orgID
	}
	if locSet {
		f.locationID = locID
	}
	return starlark.None, nil
}

func optionalString(name string, v starlark.Value) (s string, set bool, err error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return "", false, nil
	case starlark.String:
		return string(v), true, nil
	}
	return "", false, fmt.Errorf("%s: want string, got %s", name, v.Type())
}
