package sandbox

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a root inside a parent directory that also holds a sibling
// "outside" directory with a sentinel file, so tests can check that
// nothing outside the root is created or changed.
type fixture struct {
	parent  string // holds root/ and outside/
	dir     string // the root's directory
	outside string // a sibling of the root
	root    *Root
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	parent := t.TempDir()
	fx := &fixture{
		parent:  parent,
		dir:     filepath.Join(parent, "root"),
		outside: filepath.Join(parent, "outside"),
	}
	for _, d := range []string{fx.dir, fx.outside, filepath.Join(fx.dir, "sub")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, filepath.Join(fx.outside, "sentinel"), "outside")
	mustWrite(t, filepath.Join(fx.parent, "x"), "parent")
	if opts.Role == "" {
		opts.Role = "write"
	}
	root, err := Open(fx.dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	fx.root = root
	return fx
}

func mustWrite(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustSymlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func readString(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// snapshotOutside describes everything under the parent except the root's
// own tree: each path with its type, permissions, and content or link
// target.
func (fx *fixture) snapshotOutside(t testing.TB) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(fx.parent, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == fx.dir {
			return filepath.SkipDir
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fx.parent, path)
		b.WriteString(rel + " " + fi.Mode().String())
		switch {
		case fi.Mode().IsRegular():
			content, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b.WriteString(" " + string(content))
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			b.WriteString(" -> " + target)
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// tempFiles lists leftover temporary files anywhere in the root.
func (fx *fixture) tempFiles(t testing.TB) []string {
	t.Helper()
	var left []string
	filepath.WalkDir(fx.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".fleetscript-") {
			left = append(left, path)
		}
		return nil
	})
	return left
}
