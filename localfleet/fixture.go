package localfleet

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// Fixture is the initial content of a new fleet database. Its JSON form is
// documented in doc.go; LoadFixture reads it and the built-in fixtures are
// embedded in that same form.
type Fixture struct {
	Organizations []FixtureOrganization `json:"organizations"`
	// LogCatalog holds the lines that parts with a log_count draw from.
	LogCatalog []FixtureLog `json:"log_catalog,omitempty"`
}

// FixtureOrganization is an organization and everything in it. The first
// organization of a fixture gets the owner API key (BootstrapKey).
type FixtureOrganization struct {
	Name            string            `json:"name"`
	PublicNamespace string            `json:"public_namespace,omitempty"`
	Locations       []FixtureLocation `json:"locations,omitempty"`
	Fragments       []FixtureFragment `json:"fragments,omitempty"`
	Modules         []FixtureModule   `json:"modules,omitempty"`
	Members         []FixtureMember   `json:"members,omitempty"`
	Invites         []FixtureMember   `json:"invites,omitempty"`
	APIKeys         []FixtureAPIKey   `json:"api_keys,omitempty"`
}

// FixtureLocation is a location with its machines and child locations.
type FixtureLocation struct {
	Name      string            `json:"name"`
	Locations []FixtureLocation `json:"locations,omitempty"`
	Machines  []FixtureMachine  `json:"machines,omitempty"`
}

// FixtureMachine is a machine. With no parts it gets a main part named
// "<name>-main", as NewRobot does.
type FixtureMachine struct {
	Name  string        `json:"name"`
	Parts []FixturePart `json:"parts,omitempty"`
}

// FixturePart is a machine part. The first part is the main part unless
// another one sets main.
type FixturePart struct {
	Name             string         `json:"name"`
	Main             bool           `json:"main,omitempty"`
	State            string         `json:"state,omitempty"`     // "online", "offline" or "awaiting_setup" (default)
	LastSeen         Duration       `json:"last_seen,omitempty"` // how long before the fleet's clock the part last checked in
	Config           map[string]any `json:"config,omitempty"`
	UserSuppliedInfo map[string]any `json:"user_supplied_info,omitempty"`
	LogCount         int            `json:"log_count,omitempty"` // lines drawn from the fixture's log_catalog
	Logs             []FixtureLog   `json:"logs,omitempty"`
}

// FixtureLog is a log line. Ago places it before the fleet's clock; lines
// drawn from the catalog are spread over the hours before it.
type FixtureLog struct {
	Level    string   `json:"level"`
	Logger   string   `json:"logger,omitempty"`
	Caller   string   `json:"caller,omitempty"` // "file.go:123"
	Function string   `json:"function,omitempty"`
	Message  string   `json:"message"`
	Ago      Duration `json:"ago,omitempty"`
}

// FixtureFragment is a fragment; visibility is "private" (default),
// "public" or "public_unlisted".
type FixtureFragment struct {
	Name       string         `json:"name"`
	Visibility string         `json:"visibility,omitempty"`
	Config     map[string]any `json:"config,omitempty"`
}

// FixtureModule is a registry module; visibility "private" (default) or "public".
type FixtureModule struct {
	Name        string         `json:"name"`
	Visibility  string         `json:"visibility,omitempty"`
	Description string         `json:"description,omitempty"`
	URL         string         `json:"url,omitempty"`
	Entrypoint  string         `json:"entrypoint,omitempty"`
	Models      []FixtureModel `json:"models,omitempty"`
}

// FixtureModel is a model a module provides.
type FixtureModel struct {
	API   string `json:"api"`
	Model string `json:"model"`
}

// FixtureMember is a user who is a member (or an email that is invited)
// with the grants they hold.
type FixtureMember struct {
	Email  string         `json:"email"`
	Grants []FixtureGrant `json:"grants,omitempty"`
}

// FixtureAPIKey is an extra API key (the owner key is always made).
type FixtureAPIKey struct {
	Name   string         `json:"name"`
	Grants []FixtureGrant `json:"grants"`
}

// FixtureGrant is a role on a resource: resource "organization" (the
// fixture organization), "location" (Name is a path such as
// "Warehouse/Aisle 1") or "robot" (Name is a machine name, unique within
// the fixture organization).
type FixtureGrant struct {
	Role     string `json:"role"`
	Resource string `json:"resource"`
	Name     string `json:"name,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("90m") in JSON.
type Duration time.Duration

// UnmarshalJSON reads a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: want a string like \"90m\", got %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

//go:embed fixtures/demo.json
var demoFixtureJSON []byte

//go:embed fixtures/empty.json
var emptyFixtureJSON []byte

var builtinFixtures = map[string][]byte{
	"demo":  demoFixtureJSON,
	"empty": emptyFixtureJSON,
}

// DemoFixture returns the demo fleet that `--local` starts with.
func DemoFixture() *Fixture {
	f, _ := BuiltinFixture("demo")
	return f
}

// BuiltinFixture returns a fixture embedded in the binary: "demo" or
// "empty" (one organization, one location, no machines). Each call returns
// a fresh copy.
func BuiltinFixture(name string) (*Fixture, bool) {
	raw, ok := builtinFixtures[name]
	if !ok {
		return nil, false
	}
	f, err := parseFixture(raw)
	if err != nil {
		// The embedded fixtures are checked by tests; a failure here is a
		// build defect, not bad input.
		panic(fmt.Sprintf("localfleet: built-in fixture %q: %v", name, err))
	}
	return f, true
}

// LoadFixture reads a fixture from a JSON file.
func LoadFixture(path string) (*Fixture, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("localfleet: load fixture: %w", err)
	}
	f, err := parseFixture(raw)
	if err != nil {
		return nil, fmt.Errorf("localfleet: load fixture %s: %w", path, err)
	}
	return f, nil
}

func parseFixture(raw []byte) (*Fixture, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f Fixture
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// validate catches mistakes a fixture author can make before anything is
// written, with the path of the offending entry.
func (f *Fixture) validate() error {
	if len(f.Organizations) == 0 {
		return fmt.Errorf("organizations: at least one is required")
	}
	for i, org := range f.Organizations {
		where := fmt.Sprintf("organizations[%d]", i)
		if strings.TrimSpace(org.Name) == "" {
			return fmt.Errorf("%s.name: must not be empty", where)
		}
		if err := validateLocations(org.Locations, where+".locations"); err != nil {
			return err
		}
	}
	for i, l := range f.LogCatalog {
		if err := validateFixtureLog(l, fmt.Sprintf("log_catalog[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func validateLocations(locs []FixtureLocation, where string) error {
	for i, loc := range locs {
		at := fmt.Sprintf("%s[%d]", where, i)
		if strings.TrimSpace(loc.Name) == "" || strings.Contains(loc.Name, "/") {
			return fmt.Errorf("%s.name: must be non-empty and contain no \"/\"", at)
		}
		for j, m := range loc.Machines {
			if err := validateName(m.Name); err != nil {
				return fmt.Errorf("%s.machines[%d].name: %v", at, j, err)
			}
			for k, p := range m.Parts {
				if err := validateName(p.Name); err != nil {
					return fmt.Errorf("%s.machines[%d].parts[%d].name: %v", at, j, k, err)
				}
				if _, err := parseOnlineState(p.State); err != nil {
					return fmt.Errorf("%s.machines[%d].parts[%d].state: %v", at, j, k, err)
				}
				for n, l := range p.Logs {
					if err := validateFixtureLog(l, fmt.Sprintf("%s.machines[%d].parts[%d].logs[%d]", at, j, k, n)); err != nil {
						return err
					}
				}
			}
		}
		if err := validateLocations(loc.Locations, at+".locations"); err != nil {
			return err
		}
	}
	return nil
}

func validateFixtureLog(l FixtureLog, where string) error {
	if l.Level == "" || l.Message == "" {
		return fmt.Errorf("%s: level and message are required", where)
	}
	return nil
}
