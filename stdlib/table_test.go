package stdlib_test

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/fleetscript/fleetscript/stdlib"
)

func TestTable(t *testing.T) {
	se := newScriptEnv(t)
	tests := []struct {
		name string
		src  string // an expression
		want string // the table, lines joined by "\n"
	}{
		{
			name: "columns from the first row, in its order",
			src:  `table([{"name": "arm", "id": "a1"}, {"name": "base-rover", "id": "b2"}])`,
			want: "name        id\n" +
				"----------  --\n" +
				"arm         a1\n" +
				"base-rover  b2",
		},
		{
			name: "chosen columns, missing keys empty, None empty",
			src:  `table([{"a": 1, "b": None}, {"c": "x"}], columns=["c", "b", "a"])`,
			want: "c  b  a\n" +
				"-  -  -\n" +
				"      1\n" +
				"x",
		},
		{
			name: "numbers right-aligned, other values by str",
			src:  `table([{"n": 5, "v": [1, 2], "ok": True}, {"n": 1234, "v": {"k": "v"}, "ok": False}, {"n": 1.5, "v": "plain", "ok": None}])`,
			want: "   n  v           ok\n" +
				"----  ----------  -----\n" +
				"   5  [1, 2]      True\n" +
				"1234  {\"k\": \"v\"}  False\n" +
				" 1.5  plain",
		},
		{
			name: "mixed column stays left-aligned",
			src:  `table([{"x": 10}, {"x": "ten"}])`,
			want: "x\n" +
				"---\n" +
				"10\n" +
				"ten",
		},
		{
			name: "newlines and tabs escaped",
			src:  `table([{"msg": "line1\nline2\tend"}])`,
			want: "msg\n" +
				"-----------------\n" +
				`line1\nline2\tend`,
		},
		{
			name: "wide characters counted as runes",
			src:  `table([{"name": "café", "n": "1"}, {"name": "tea", "n": "22"}])`,
			want: "name  n\n" +
				"----  --\n" +
				"café  1\n" +
				"tea   22",
		},
		{
			name: "header alone when there are no rows",
			src:  `table([], columns=["name", "id"])`,
			want: "name  id\n" +
				"----  --",
		},
		{name: "nothing without rows or columns", src: `table([])`, want: ""},
		{name: "columns=None is the default", src: `table([], columns=None)`, want: ""},
		{
			name: "struct rows through attributes",
			src:  `table([row(name="a", id=1), row(name="bb")], columns=["name", "id", "nope"])`,
			want: "name  id  nope\n" +
				"----  --  ----\n" +
				"a      1\n" +
				"bb",
		},
		{
			name: "struct rows default to sorted attribute names",
			src:  `table([row(z=1, a=2)])`,
			want: "a  z\n" +
				"-  -\n" +
				"2  1",
		},
		{
			name: "tuple of rows and tuple of columns",
			src:  `table(({"a": "1"},), ("a",))`,
			want: "a\n-\n1",
		},
		{
			name: "non-string keys",
			src:  `table([{1: "one", 2: "two"}])`,
			want: "1    2\n" +
				"---  ---\n" +
				"one  two",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evalWithRow(se, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestTableErrors(t *testing.T) {
	se := newScriptEnv(t)
	runSnippets(t, se, []snippetCase{
		{name: "rows not iterable", src: `table(1)`, wantErr: "table: for parameter rows: got int, want a list of dicts"},
		{name: "a dict, not a list of dicts", src: `table({"a": 1})`, wantErr: "table: for parameter rows: got dict, want a list of dicts"},
		{name: "row not dict-like", src: `table([{"a": 1}, 2])`, wantErr: "table: rows[1]: got int, want a dict or dict-like value"},
		{name: "columns a string", src: `table([], columns="name")`, wantErr: `table: for parameter columns: got string, want a list of keys (did you mean ["name"]?)`},
		{name: "columns not iterable", src: `table([], columns=3)`, wantErr: "table: for parameter columns: got int, want a list of keys"},
		{name: "missing rows", src: `table()`, wantErr: "table: missing argument for rows"},
		{name: "unhashable column", src: `table([{"a": 1}], columns=[[1]])`, wantErr: "table: rows[0][[1]]: unhashable type: list"},
	})
}

// TestTableMapping: any starlark.IterableMapping is a row (fleet results
// are), and its own key order is the column order.
func TestTableMapping(t *testing.T) {
	row := &orderedMapping{keys: []string{"zeta", "alpha"}, values: map[string]starlark.Value{
		"zeta": starlark.MakeInt(1), "alpha": starlark.String("a"),
	}}
	thread := &starlark.Thread{}
	got, err := starlark.Call(thread, stdlib.Predeclared()["table"], starlark.Tuple{starlark.NewList([]starlark.Value{row})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "zeta  alpha\n----  -----\n   1  a"
	if s, _ := starlark.AsString(got); s != want {
		t.Errorf("got:\n%s\nwant:\n%s", s, want)
	}
}

// evalWithRow evaluates expr with row (starlarkstruct.Struct's
// constructor) available, and returns the resulting string.
func evalWithRow(se *scriptEnv, expr string) (string, error) {
	thread, stop := se.env.NewThread("test")
	defer stop()
	predeclared := stdlib.Predeclared()
	predeclared["row"] = starlark.NewBuiltin("row", starlarkstruct.Make)
	v, err := starlark.EvalOptions(&syntax.FileOptions{}, thread, "test.star", expr, predeclared)
	if err != nil {
		return "", err
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return "", &starlark.EvalError{Msg: "table returned " + v.Type()}
	}
	return s, nil
}

// orderedMapping is a minimal read-only IterableMapping whose keys are not
// sorted, standing in for a fleet result.
type orderedMapping struct {
	keys   []string
	values map[string]starlark.Value
}

var _ starlark.IterableMapping = (*orderedMapping)(nil)

func (m *orderedMapping) String() string        { return "orderedMapping(" + strings.Join(m.keys, ", ") + ")" }
func (m *orderedMapping) Type() string          { return "orderedMapping" }
func (m *orderedMapping) Freeze()               {}
func (m *orderedMapping) Truth() starlark.Bool  { return len(m.keys) > 0 }
func (m *orderedMapping) Hash() (uint32, error) { return 0, nil }
func (m *orderedMapping) Iterate() starlark.Iterator {
	return starlark.NewList(m.Keys()).Iterate()
}
func (m *orderedMapping) Keys() []starlark.Value {
	keys := make([]starlark.Value, len(m.keys))
	for i, k := range m.keys {
		keys[i] = starlark.String(k)
	}
	return keys
}
func (m *orderedMapping) Items() []starlark.Tuple {
	items := make([]starlark.Tuple, len(m.keys))
	for i, k := range m.keys {
		items[i] = starlark.Tuple{starlark.String(k), m.values[k]}
	}
	return items
}
func (m *orderedMapping) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := k.(starlark.String)
	if !ok {
		return nil, false, nil
	}
	v, found := m.values[string(s)]
	return v, found, nil
}
