package golden

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		src  string
		want header
	}{
		{"print(1)\n", header{}},
		{"# fleet: empty\n# argv: a b  c\nprint(argv)\n", header{fleet: "empty", argv: []string{"a", "b", "c"}}},
		{"# A report.\n\n#fleet:demo\nx = 1\n# fleet: ignored after code\n", header{fleet: "demo"}},
		{"# argv: Lab \"Warehouse/Aisle 1\" 'it''s' \"\"\n", header{argv: []string{"Lab", "Warehouse/Aisle 1", "its", ""}}},
	}
	for _, tt := range tests {
		if got := parseHeader([]byte(tt.src)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseHeader(%q) = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestRecordLayout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b/conf.json"), "{}\n")
	writeFile(t, filepath.Join(dir, "a.txt"), "no newline")
	got, err := render([]byte("hello\n"), "boom: failed\nTraceback", dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "hello\n--- error ---\nboom: failed\nTraceback\n--- file: a.txt (no final newline) ---\nno newline\n--- file: b/conf.json ---\n{}\n"
	if string(got) != want {
		t.Errorf("render =\n%s\nwant\n%s", got, want)
	}
}

func TestFindOnlyScriptsWithGoldens(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.star", "a.golden", "lib.star", "sub/b.star", "sub/b.golden"} {
		writeFile(t, filepath.Join(dir, f), "")
	}
	got, err := Find(dir, filepath.Join(dir, "lib.star"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.star"), filepath.Join(dir, "lib.star"), filepath.Join(dir, "sub/b.star")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Find = %q, want %q", got, want)
	}
	sep := string(filepath.Separator)
	if got, err := Find(dir, dir+sep+"."+sep+"a.star"); err != nil || !reflect.DeepEqual(got, []string{want[0], want[2]}) {
		t.Errorf("a test named explicitly inside a directory given: Find = %q, %v; want it listed once", got, err)
	}
	if _, err := Find(filepath.Join(dir, "a.golden")); err == nil {
		t.Error("Find accepted a non-.star file")
	}
}

// TestCheckCycle records a golden, passes against it, and reports a diff
// once the script changes.
func TestCheckCycle(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "t.star")
	writeFile(t, script, "# fleet: empty\n# argv: x y\nprint('args', argv)\nfile.write('n.txt', 'n')\n")
	ctx := context.Background()

	out, err := Check(ctx, script, Options{})
	if err != nil || out.Status != Mismatch || !strings.Contains(string(out.Diff), "-update") {
		t.Fatalf("without a golden: %+v, %v; want a mismatch telling to -update", out, err)
	}
	if out, err := Check(ctx, script, Options{Update: true}); err != nil || out.Status != Updated {
		t.Fatalf("update: %+v, %v", out, err)
	}
	got, _ := os.ReadFile(goldenPath(script))
	want := "args [\"x\", \"y\"]\n--- file: n.txt (no final newline) ---\nn\n"
	if string(got) != want {
		t.Errorf("golden =\n%s\nwant\n%s", got, want)
	}
	if out, err := Check(ctx, script, Options{}); err != nil || out.Status != Pass {
		t.Fatalf("rerun: %+v, %v; want a pass", out, err)
	}
	writeFile(t, script, "print('changed')\nfail('stop')\n")
	out, err = Check(ctx, script, Options{})
	if err != nil || out.Status != Mismatch {
		t.Fatalf("changed script: %+v, %v; want a mismatch", out, err)
	}
	for _, want := range []string{"-args [\"x\", \"y\"]", "+changed", "+--- error ---", "+Traceback"} {
		if !bytes.Contains(out.Diff, []byte(want)) {
			t.Errorf("diff lacks %q:\n%s", want, out.Diff)
		}
	}
}

func TestFleetHeaderFixtures(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "testdata/fleets/tiny.json"), `{"organizations": [{"name": "Tiny Org"}]}`)
	script := filepath.Join(dir, "sub/t.star")
	writeFile(t, script, "# fleet: tiny\nprint([o.name for o in fleet.list_organizations()])\n")
	got, err := Record(context.Background(), script, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "Tiny Org") {
		t.Errorf("record = %q; want the fixture's organization", got)
	}
	writeFile(t, script, "# fleet: nosuch\nprint(1)\n")
	if _, err := Record(context.Background(), script, 0); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("unknown fixture: err = %v", err)
	}
}
