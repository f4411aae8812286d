package runtime

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestHelp(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, nil)
	tests := []struct {
		name, src, want string
	}{
		{
			name: "builtin prints its doc",
			src:  `help(fleet.get_robot)`,
			want: "fleet.get_robot(robot_id)\n\nReturns a machine.\n",
		},
		{
			name: "module lists members with summaries",
			src:  `help(assert)`,
			want: `assert: checks for script tests. Each stops the script when the check
fails, with a message showing the values involved.

Members:
  contains  Fails unless x in container (a list, tuple, dict, string, fleet result...).
  eq        Fails unless a == b.
  fails     Calls fn(*args) and fails unless the call fails.
  ne        Fails unless a != b.
  true      Fails unless cond is truthy.
`,
		},
		{
			name: "go.starlark.net functions have docs",
			src:  `help(json.decode)`,
			want: `json.decode(x, default=unset)

Returns the Starlark value that the JSON text x denotes (objects become
dicts, arrays lists, numbers ints or floats). Fails on invalid JSON unless
default is given, which is then returned.
`,
		},
		{
			name: "Starlark function: signature and dedented docstring",
			src:  "def f(a, b=1, *rest, key, flag=True, **opts):\n    \"\"\"Does f.\n\n    In detail.\n    \"\"\"\n    pass\nhelp(f)",
			want: "f(a, b=1, *rest, key, flag=True, **opts)  [defined at <command-line>:1:1]\n\nDoes f.\n\nIn detail.\n",
		},
		{
			name: "keyword-only parameters without *args",
			src:  "def g(a, *, b):\n    pass\nhelp(g)",
			want: "g(a, *, b)  [defined at <command-line>:1:1]\n",
		},
		{
			name: "other values: type and attributes",
			src:  `help([1, 2])`,
			want: "[1, 2]: a value of type list\nattributes: append, clear, extend, index, insert, pop, remove\n",
		},
		{
			name: "universe builtin",
			src:  `help(sorted)`,
			want: "sorted(x, key=None, reverse=False)\n\nReturns a new sorted list of the elements of the iterable x; key maps each to the value compared.\n",
		},
		{
			name: "method of a value",
			src:  `help([].append)`,
			want: "append: built-in function\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, tt.src, tt.want)
		})
	}
}

func TestHelpOverviewListsEveryPredeclaredName(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, nil)
	out, errText := h.run(t, `help()`)
	if errText != "" {
		t.Fatal(errText)
	}
	for _, name := range []string{"argv", "assert", "catch", "fleet", "help", "json", "math", "parallel", "time"} {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("help() does not list %s:\n%s", name, out)
		}
	}
	if !strings.HasSuffix(out, "\n\nLibraries, for load(\"@stdlib/NAME\", ...): config.star, fleet.star\n") {
		t.Errorf("help() does not end with the libraries:\n%s", out)
	}
	if !strings.Contains(out, "  catch     Calls fn(*args, **kwargs) and returns a result") {
		t.Errorf("help() summary of catch missing or not its first sentence:\n%s", out)
	}
}

// Every predeclared module and each of its functions has a doc.
func TestEveryPredeclaredValueIsDocumented(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	for name, v := range h.Globals() {
		if name == "argv" {
			continue
		}
		if text := h.Help(v); strings.Contains(text, "a value of type") || strings.HasSuffix(text, "built-in function") {
			t.Errorf("%s has no doc: %q", name, text)
		}
		m, ok := v.(starlark.HasAttrs)
		if !ok {
			continue
		}
		for _, member := range m.AttrNames() {
			mv, _ := m.Attr(member)
			if _, callable := mv.(starlark.Callable); !callable {
				continue // constants such as math.pi
			}
			if text := h.Help(mv); strings.HasSuffix(text, "built-in function") {
				t.Errorf("%s.%s has no doc", name, member)
			}
		}
	}
}

// costlyAttrs is documented and has attributes that must not be read just
// to describe it (fleet.org_id asks the server).
type costlyAttrs struct{ reads int }

func (c *costlyAttrs) String() string        { return "<costly>" }
func (c *costlyAttrs) Type() string          { return "costly" }
func (c *costlyAttrs) Freeze()               {}
func (c *costlyAttrs) Truth() starlark.Bool  { return true }
func (c *costlyAttrs) Hash() (uint32, error) { return 0, nil }
func (c *costlyAttrs) Doc() string           { return "costly: its doc lists x itself." }
func (c *costlyAttrs) AttrNames() []string   { return []string{"x"} }
func (c *costlyAttrs) Attr(string) (starlark.Value, error) {
	c.reads++
	return starlark.None, nil
}

var (
	_ starlark.HasAttrs  = (*costlyAttrs)(nil)
	_ starkit.Documented = (*costlyAttrs)(nil)
)

func TestHelpDoesNotReadAttributesOfOtherValues(t *testing.T) {
	v := &costlyAttrs{}
	h := newTestHost(t, Options{Fleet: v}, nil)
	if got := h.Help(v); got != "costly: its doc lists x itself." {
		t.Errorf("Help = %q", got)
	}
	if _, errText := h.run(t, "help()"); errText != "" {
		t.Fatal(errText)
	}
	if v.reads != 0 {
		t.Errorf("help read %d attributes", v.reads)
	}
}

// Every function of Starlark's universe has a doc for help().
func TestUniverseIsDocumented(t *testing.T) {
	for name, v := range starlark.Universe {
		if _, ok := v.(*starlark.Builtin); !ok {
			continue
		}
		if _, ok := universeDocs[name]; !ok {
			t.Errorf("universe function %s has no doc", name)
		}
	}
	for name := range universeDocs {
		if _, ok := starlark.Universe[name]; !ok {
			t.Errorf("universeDocs documents %s, which is not in the universe", name)
		}
	}
}

// Summary is a doc's first sentence, after a signature line, joined onto
// one line; a value without a doc is summarised by its type.
func TestSummary(t *testing.T) {
	documented := func(doc string) starlark.Value {
		return starkit.NewFunc("f", doc, nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		})
	}
	tests := []struct {
		v    starlark.Value
		want string
	}{
		{documented("table(rows, columns=None)\n\nReturns rows as\na table. Print it."), "Returns rows as a table."},
		{documented("json: encode and decode.\n\nMore."), "json: encode and decode."},
		{documented("re: regular expressions, with Python's names"), "re: regular expressions, with Python's names"},
		{starlark.NewList(nil), "list"},
	}
	for _, tt := range tests {
		if got := Summary(tt.v); got != tt.want {
			t.Errorf("Summary(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
