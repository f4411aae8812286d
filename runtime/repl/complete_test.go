package repl

import (
	"io"
	"slices"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestCompleterCandidates(t *testing.T) {
	host := newFakeHost(io.Discard)
	part := starlark.NewDict(3)
	part.SetKey(starlark.String("name"), starlark.String("main"))
	part.SetKey(starlark.String("namespace"), starlark.String("lab"))
	part.SetKey(starlark.String("id"), starlark.String("p-1"))
	part.SetKey(starlark.MakeInt(7), starlark.String("not a string key"))
	host.set("part", part)
	host.set("parts", starlark.NewList([]starlark.Value{part}))
	host.set("nested", starlark.NewList([]starlark.Value{starlark.NewList([]starlark.Value{host.globals["machine"]})}))
	host.set("location_name", starlark.String("Lab"))
	for _, chunk := range []string{"def deploy(part_id, version, *args, dry_run=False, **kw):\n    pass\n", "1 + 1\n"} {
		if _, err := host.Exec(t.Context(), chunk); err != nil {
			t.Fatal(err)
		}
	}
	c := newCompleter(host, nil)

	tests := []struct {
		before      string
		want        []string
		wantPartial string
	}{
		// Globals, universe builtins and keywords; callables get "(".
		{"fle", []string{"fleet"}, "fle"},
		{"x = fle", []string{"fleet"}, "fle"},
		{"pri", []string{"print("}, "pri"},
		{"dep", []string{"deploy("}, "dep"},
		{"whi", []string{"while"}, "whi"},
		{"location_", []string{"location_name"}, "location_"},
		{"_", []string{"_"}, "_"},
		// Methods of the fleet module and attributes of values held.
		{"fleet.list_lo", []string{"list_locations("}, "list_lo"},
		{"fleet.list_", []string{"list_locations(", "list_organization_members(", "list_robots("}, "list_"},
		{"fleet.list_locations", []string{"list_locations("}, "list_locations"},
		{"fleet.org", []string{"org_id"}, "org"},
		{"x = [fleet.list_ro", []string{"list_robots("}, "list_ro"},
		{"machine.na", []string{"name", "namespace"}, "na"},
		{"nested[0][0].loc", []string{"location_id"}, "loc"},
		{"nested[-1][0].loc", []string{"location_id"}, "loc"},
		{"part.ke", []string{"keys("}, "ke"},
		{`part["name"].up`, []string{"upper("}, "up"},
		{`"a,b".spl`, []string{"split(", "splitlines("}, "spl"},
		{"parts[0].ge", []string{"get("}, "ge"},
		// Dict keys of values held: string keys only, closing the string
		// and the bracket with the quote the user opened.
		{`part["na`, []string{`name"]`, `namespace"]`}, "na"},
		{`part['i`, []string{`id']`}, "i"},
		{`parts[0]["n`, []string{`name"]`, `namespace"]`}, "n"},
		{`print(part["`, []string{`id"]`, `name"]`, `namespace"]`}, ""},
		// Keyword parameters of the function being called, then names.
		{"fleet.list_robots(loc", []string{"location_id=", "location_name"}, "loc"},
		{"fleet.get_robot_part(robot_part_id, de", []string{"dest=", "def", "deploy("}, "de"},
		{"fleet.get_robot_part(robot_part_id='x', dest='y', ", []string{"indent="}, ""},
		{"fleet.get_robot_part(", []string{"robot_part_id=", "dest=", "indent="}, ""},
		{"fleet.update_robot_part_config(id=x, na", []string{"name="}, "na"},
		{"fleet.update_robot_part_config(id=x, n", []string{"name=", "nested", "not"}, "n"},
		{"deploy(dr", []string{"dry_run="}, "dr"},
		{"deploy(v", []string{"version="}, "v"},
		{"fleet.list_robots(fleet.list_locations(org", []string{"org_id="}, "org"},
		// Nothing to offer.
		{"fleet.nope", nil, "nope"},
		{"nope.x", nil, "x"},
		{"fleet.list_locations().ap", nil, "ap"},
		{"x = 1 # fle", nil, ""},
		{`s = "fle`, nil, "fle"},
		{"fleet.list_robots(location_id=loc", []string{"location_name"}, "loc"},
		{"12", nil, ""},
		{`\`, nil, ""},
		{"f()", nil, ""},
		// A blank line indents instead.
		{"", []string{"    "}, ""},
		{"    ", []string{"    "}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.before, func(t *testing.T) {
			got, partial := c.complete("", tt.before)
			if !slices.Equal(got, tt.want) || partial != tt.wantPartial {
				t.Errorf("complete(%q) = %q, %q; want %q, %q", tt.before, got, partial, tt.want, tt.wantPartial)
			}
		})
	}
	if len(host.calls) > 0 {
		t.Errorf("completion called fleet methods %v; it must never call anything", host.calls)
	}
}

// TestCompleterSeesEarlierLines completes within a chunk typed over
// several lines: a call opened on an earlier line, a comment there, a
// block body.
func TestCompleterSeesEarlierLines(t *testing.T) {
	host := newFakeHost(io.Discard)
	host.set("parts", starlark.NewList(nil))
	c := newCompleter(host, nil)
	tests := []struct {
		earlier, line string
		want          []string
		wantPartial   string
	}{
		{"fleet.list_robots(\n", "    loc", []string{"location_id="}, "loc"},
		{"x = fleet.get_robot_part(  # the main part\n    robot_part_id,\n", "    de", []string{"dest=", "def"}, "de"},
		{"for p in parts:\n", "    pa", []string{"parts", "pass"}, "pa"},
		{"if True:\n", "    ", []string{"    "}, ""},
	}
	for _, tt := range tests {
		got, partial := c.complete(tt.earlier, tt.line)
		if !slices.Equal(got, tt.want) || partial != tt.wantPartial {
			t.Errorf("complete(%q, %q) = %q, %q; want %q, %q", tt.earlier, tt.line, got, partial, tt.want, tt.wantPartial)
		}
	}
}

func TestCompleterDoReturnsSuffixes(t *testing.T) {
	c := newCompleter(newFakeHost(io.Discard), func() string { return "print(\n" }) // a call left open
	line := []rune("x = fleet.list_ + 1")
	pos := len("x = fleet.list_")
	suffixes, length := c.Do(line, pos)
	want := []string{"locations(", "organization_members(", "robots("}
	var got []string
	for _, s := range suffixes {
		got = append(got, string(s))
	}
	if !slices.Equal(got, want) || length != len("list_") {
		t.Errorf("Do = %q, %d; want %q, %d", got, length, want, len("list_"))
	}
}

// panicky is a value whose attributes fail badly.
type panicky struct{ starlark.Value }

func (panicky) Attr(string) (starlark.Value, error) { panic("broken Attr") }
func (panicky) AttrNames() []string                 { return []string{"boom"} }

var _ starlark.HasAttrs = panicky{}

func TestCompleterSurvivesPanickingValues(t *testing.T) {
	host := newFakeHost(io.Discard)
	host.set("bad", panicky{starlark.None})
	got, partial := newCompleter(host, nil).complete("", "bad.bo")
	if got != nil || partial != "" {
		t.Errorf("complete on a panicking value = %q, %q; want nothing", got, partial)
	}
}

// guarded lists one attribute as safe to read; reading any other fails
// the test that completes on it.
type guarded struct {
	starlark.Value
	t *testing.T
}

var _ starkit.SafeAttrs = guarded{}

func (g guarded) Attr(name string) (starlark.Value, error) {
	if name != "free" {
		g.t.Errorf("completion read the unsafe attribute %q", name)
	}
	return starlark.String(name), nil
}
func (guarded) AttrNames() []string     { return []string{"costly", "free"} }
func (guarded) SafeAttrNames() []string { return []string{"free"} }

func TestCompleterReadsOnlySafeAttrs(t *testing.T) {
	host := newFakeHost(io.Discard)
	host.set("g", guarded{starlark.None, t})
	c := newCompleter(host, nil)
	tests := []struct {
		before string
		want   []string
	}{
		{"g.", []string{"costly", "free"}}, // both offered by name
		{"g.free.up", []string{"upper("}},
		{"g.costly.up", nil},
	}
	for _, tt := range tests {
		if got, _ := c.complete("", tt.before); !slices.Equal(got, tt.want) {
			t.Errorf("complete(%q) = %q, want %q", tt.before, got, tt.want)
		}
	}
}
