package stdlib

import (
	"slices"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func TestLibrary(t *testing.T) {
	if src, ok := Library("fleet.star"); !ok || len(src) == 0 {
		t.Fatal(`Library("fleet.star") not found`)
	}
	for _, name := range []string{"nope.star", "../stdlib.go", "star/fleet.star", "", "."} {
		if _, ok := Library(name); ok {
			t.Errorf("Library(%q) found, want not", name)
		}
	}
	if names := LibraryNames(); !slices.Contains(names, "fleet.star") || !slices.IsSorted(names) {
		t.Errorf("LibraryNames() = %q", names)
	}
}

// Every library compiles in the host's dialect and documents itself and
// each public function.
func TestLibrariesCompileAndAreDocumented(t *testing.T) {
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	predeclared := Predeclared()
	predeclared["fleet"] = starlark.None
	for _, name := range LibraryNames() {
		src, _ := Library(name)
		f, err := opts.Parse(name, src, 0)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(f.Stmts) == 0 {
			t.Errorf("%s is empty", name)
			continue
		}
		if doc, ok := f.Stmts[0].(*syntax.ExprStmt); !ok || !isString(doc.X) {
			t.Errorf("%s has no module docstring", name)
		}
		thread := &starlark.Thread{Name: name}
		globals, err := starlark.ExecFileOptions(opts, thread, name, src, predeclared)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for fname, v := range globals {
			fn, ok := v.(*starlark.Function)
			if ok && fname[0] != '_' && fn.Doc() == "" {
				t.Errorf("%s: %s has no docstring", name, fname)
			}
		}
	}
}

func isString(e syntax.Expr) bool {
	lit, ok := e.(*syntax.Literal)
	return ok && lit.Token == syntax.STRING
}
