package sandbox

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	fx := newFixture(t, Options{Role: "read"})
	big := strings.Repeat("0123456789", 100_000)
	mustWrite(t, filepath.Join(fx.dir, "a.txt"), "alpha")
	mustWrite(t, filepath.Join(fx.dir, "sub", "big"), big)
	mustWrite(t, filepath.Join(fx.dir, "empty"), "")
	mustSymlink(t, "sub/big", filepath.Join(fx.dir, "inside-link"))
	mustSymlink(t, "nowhere", filepath.Join(fx.dir, "dangling"))

	tests := []struct{ name, want string }{
		{"a.txt", "alpha"},
		{"./a.txt", "alpha"},
		{"sub/big", big},
		{"sub/../a.txt", "alpha"},
		{"empty", ""},
		{"inside-link", big},
	}
	for _, tc := range tests {
		got, err := fx.root.ReadFile(tc.name)
		if err != nil {
			t.Errorf("ReadFile(%q): %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("ReadFile(%q) = %d bytes, want %d", tc.name, len(got), len(tc.want))
		}
		f, fi, err := fx.root.Open(tc.name)
		if err != nil {
			t.Errorf("Open(%q): %v", tc.name, err)
			continue
		}
		streamed, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(streamed) != tc.want || fi.Size() != int64(len(tc.want)) {
			t.Errorf("Open(%q): %d bytes (size %d), %v; want %d", tc.name, len(streamed), fi.Size(), err, len(tc.want))
		}
	}

	existsTests := []struct {
		name string
		want bool
	}{
		{"a.txt", true}, {"sub", true}, {".", true}, {"inside-link", true},
		{"sub/", true}, {"missing", false}, {"sub/missing", false}, {"dangling", false},
		{"a.txt/x", false}, {"a.txt/", false},
	}
	for _, tc := range existsTests {
		got, err := fx.root.Exists(tc.name)
		if err != nil || got != tc.want {
			t.Errorf("Exists(%q) = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}

	listTests := []struct {
		dir  string
		want []string
	}{
		{".", []string{"a.txt", "dangling", "empty", "inside-link", "sub"}},
		{"sub", []string{"big"}},
		{"sub/", []string{"big"}},
	}
	for _, tc := range listTests {
		got, err := fx.root.List(tc.dir)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("List(%q) = %v, %v; want %v", tc.dir, got, err, tc.want)
		}
	}
}

func TestOpenRoot(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing"), Options{Role: "read"}); err == nil {
		t.Error("Open of a missing directory succeeded")
	}
	file := filepath.Join(dir, "file")
	mustWrite(t, file, "")
	if _, err := Open(file, Options{Role: "read"}); err == nil {
		t.Error("Open of a file succeeded")
	}
	wd, _ := os.Getwd()
	r, err := Open(".", Options{Role: "read"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Dir() != wd {
		t.Errorf("Dir() = %q, want the absolute %q", r.Dir(), wd)
	}
}
