//go:build unix

package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestEscapes tries to get out of the root every way we know; each attempt
// must be refused with a *PathError naming the path and the root, and
// nothing outside the root may change.
func TestEscapes(t *testing.T) {
	type op func(r *Root, name string) error
	write := func(r *Root, name string) error { return r.WriteFile(name, []byte("pwned")) }
	read := func(r *Root, name string) error { _, err := r.ReadFile(name); return err }
	open := func(r *Root, name string) error {
		f, _, err := r.Open(name)
		if err == nil {
			f.Close()
		}
		return err
	}
	list := func(r *Root, name string) error { _, err := r.List(name); return err }
	exists := func(r *Root, name string) error { _, err := r.Exists(name); return err }

	longName := strings.Repeat("a", MaxNameLen+1)
	longPath := strings.Repeat("a/", MaxPathLen/2) + "x"

	tests := []struct {
		name  string
		setup func(t *testing.T, fx *fixture)
		path  func(fx *fixture) string
		op    op
		want  error
	}{
		{name: "dotdot", path: lit("../x"), op: write, want: ErrEscapes},
		{name: "dotdot read", path: lit("../outside/sentinel"), op: read, want: ErrEscapes},
		{name: "nested dotdot", path: lit("a/../../x"), op: write, want: ErrEscapes},
		{name: "deep dotdot", path: lit("sub/../../outside/sentinel"), op: write, want: ErrEscapes},
		{name: "dotdot list", path: lit(".."), op: list, want: ErrEscapes},
		{name: "absolute etc", path: lit("/etc/x"), op: write, want: ErrAbsolute},
		{name: "absolute sibling", path: func(fx *fixture) string { return filepath.Join(fx.outside, "sentinel") }, op: write, want: ErrAbsolute},
		{name: "absolute read", path: lit("/etc/passwd"), op: read, want: ErrAbsolute},
		{name: "absolute exists", path: lit("/etc/passwd"), op: exists, want: ErrAbsolute},
		{
			name:  "symlink to slash",
			setup: func(t *testing.T, fx *fixture) { mustSymlink(t, "/", filepath.Join(fx.dir, "slash")) },
			path:  func(fx *fixture) string { return "slash" + fx.outside + "/new" },
			op:    write, want: ErrEscapes,
		},
		{
			name:  "symlink to slash read",
			setup: func(t *testing.T, fx *fixture) { mustSymlink(t, "/", filepath.Join(fx.dir, "slash")) },
			path:  lit("slash/etc/passwd"),
			op:    read, want: ErrEscapes,
		},
		{
			name:  "symlink to slash list",
			setup: func(t *testing.T, fx *fixture) { mustSymlink(t, "/", filepath.Join(fx.dir, "slash")) },
			path:  lit("slash"),
			op:    list, want: ErrEscapes,
		},
		{
			name:  "symlink inside pointing out",
			setup: linkOutside("sub/out"),
			path:  lit("sub/out/new"),
			op:    write, want: ErrEscapes,
		},
		{
			name:  "symlink inside pointing out overwrite",
			setup: linkOutside("out"),
			path:  lit("out/sentinel"),
			op:    write, want: ErrEscapes,
		},
		{name: "symlink out read", setup: linkOutside("out"), path: lit("out/sentinel"), op: read, want: ErrEscapes},
		{name: "symlink out open", setup: linkOutside("out"), path: lit("out/sentinel"), op: open, want: ErrEscapes},
		{name: "symlink out exists", setup: linkOutside("out"), path: lit("out/sentinel"), op: exists, want: ErrEscapes},
		{name: "symlink out list", setup: linkOutside("out"), path: lit("out"), op: list, want: ErrEscapes},
		{
			name: "relative symlink up",
			setup: func(t *testing.T, fx *fixture) {
				mustSymlink(t, "../../outside", filepath.Join(fx.dir, "sub", "up"))
			},
			path: lit("sub/up/sentinel"),
			op:   write, want: ErrEscapes,
		},
		{name: "fifo read", setup: fifoIn("fifo"), path: lit("fifo"), op: read, want: ErrNotRegular},
		{name: "fifo open", setup: fifoIn("fifo"), path: lit("fifo"), op: open, want: ErrNotRegular},
		{name: "fifo as parent", setup: fifoIn("fifo"), path: lit("fifo/x"), op: write, want: ErrNoParent},
		{name: "fifo list", setup: fifoIn("fifo"), path: lit("fifo"), op: list, want: ErrNotDir},
		{
			name:  "symlink loop",
			setup: func(t *testing.T, fx *fixture) { mustSymlink(t, "loop", filepath.Join(fx.dir, "loop")) },
			path:  lit("loop/x"),
			op:    write, want: syscall.ELOOP,
		},
		{name: "directory read", path: lit("sub"), op: read, want: syscall.EISDIR},
		{name: "directory write", path: lit("sub"), op: write, want: syscall.EISDIR},
		{name: "file list", setup: fileIn("f"), path: lit("f"), op: list, want: ErrNotDir},
		{name: "missing parent", path: lit("nodir/x"), op: write, want: ErrNoParent},
		{name: "parent is a file", setup: fileIn("f"), path: lit("f/x"), op: write, want: ErrNoParent},
		{name: "root itself", path: lit("."), op: write, want: ErrNotFileName},
		{name: "collapses to root", path: lit("sub/.."), op: write, want: ErrNotFileName},
		{name: "trailing slash write", path: lit("new/"), op: write, want: ErrNotFileName},
		{name: "trailing slash on a file", setup: fileIn("f"), path: lit("f/"), op: read, want: syscall.ENOTDIR},
		{name: "NUL", path: lit("a\x00b"), op: write, want: ErrNUL},
		{name: "NUL read", path: lit("sub\x00/../../x"), op: read, want: ErrNUL},
		{name: "empty", path: lit(""), op: write, want: ErrEmpty},
		{name: "long component", path: lit(longName), op: write, want: ErrTooLong},
		{name: "long path", path: lit(longPath), op: write, want: ErrTooLong},
		{name: "long path read", path: lit(longPath), op: read, want: ErrTooLong},
		{name: "missing file read", path: lit("nope"), op: read, want: os.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, Options{Role: "write"})
			if tc.setup != nil {
				tc.setup(t, fx)
			}
			before := fx.snapshotOutside(t)
			path := tc.path(fx)
			err := tc.op(fx.root, path)
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want a *PathError", err, err)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if pe.Path != path || pe.Root != fx.dir {
				t.Errorf("PathError names %q in %q, want %q in %q", pe.Path, pe.Root, path, fx.dir)
			}
			msg := err.Error()
			if !strings.Contains(msg, fx.dir) || !strings.Contains(msg, "write root") {
				t.Errorf("message %q does not name the write root %s", msg, fx.dir)
			}
			if after := fx.snapshotOutside(t); after != before {
				t.Errorf("outside the root changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if left := fx.tempFiles(t); len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
		})
	}
}

func lit(s string) func(*fixture) string { return func(*fixture) string { return s } }

func linkOutside(link string) func(t *testing.T, fx *fixture) {
	return func(t *testing.T, fx *fixture) { mustSymlink(t, fx.outside, filepath.Join(fx.dir, link)) }
}

func fileIn(name string) func(t *testing.T, fx *fixture) {
	return func(t *testing.T, fx *fixture) { mustWrite(t, filepath.Join(fx.dir, name), "inside") }
}

func fifoIn(name string) func(t *testing.T, fx *fixture) {
	return func(t *testing.T, fx *fixture) {
		if err := syscall.Mkfifo(filepath.Join(fx.dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRefusalMessage(t *testing.T) {
	fx := newFixture(t, Options{Role: "write"})
	tests := []struct {
		path string
		op   func(string) error
		want string
	}{
		{"../x", func(p string) error { return fx.root.WriteFile(p, nil) }, `write "../x": path escapes the write root ` + fx.dir},
		{"/etc/x", func(p string) error { return fx.root.WriteFile(p, nil) }, `write "/etc/x": absolute path not allowed in the write root ` + fx.dir},
		{"nodir/x", func(p string) error { return fx.root.WriteFile(p, nil) }, `write "nodir/x": parent directory does not exist in the write root ` + fx.dir},
		{"nope", func(p string) error { _, err := fx.root.ReadFile(p); return err }, `read "nope": no such file or directory in the write root ` + fx.dir},
	}
	for _, tc := range tests {
		if got := tc.op(tc.path).Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

// TestSymlinkSwappedAfterCheck replaces a checked path by a symlink that
// points out, in the window between the check and the open.
func TestSymlinkSwappedAfterCheck(t *testing.T) {
	tests := []struct {
		name string
		swap func(t *testing.T, fx *fixture)
		op   func(r *Root) error
		want error
	}{
		{
			name: "file becomes symlink out",
			swap: func(t *testing.T, fx *fixture) {
				os.Remove(filepath.Join(fx.dir, "sub", "f"))
				mustSymlink(t, filepath.Join(fx.outside, "sentinel"), filepath.Join(fx.dir, "sub", "f"))
			},
			op:   func(r *Root) error { _, err := r.ReadFile("sub/f"); return err },
			want: ErrEscapes,
		},
		{
			name: "directory becomes symlink out",
			swap: func(t *testing.T, fx *fixture) {
				if err := os.Rename(filepath.Join(fx.dir, "sub"), filepath.Join(fx.dir, "old")); err != nil {
					t.Fatal(err)
				}
				mustSymlink(t, fx.outside, filepath.Join(fx.dir, "sub"))
			},
			op:   func(r *Root) error { _, err := r.ReadFile("sub/f"); return err },
			want: ErrEscapes,
		},
		{
			name: "directory becomes symlink out, list",
			swap: func(t *testing.T, fx *fixture) {
				if err := os.Rename(filepath.Join(fx.dir, "sub"), filepath.Join(fx.dir, "old")); err != nil {
					t.Fatal(err)
				}
				mustSymlink(t, fx.outside, filepath.Join(fx.dir, "sub"))
			},
			op:   func(r *Root) error { _, err := r.List("sub"); return err },
			want: ErrEscapes,
		},
		{
			name: "file becomes fifo",
			swap: func(t *testing.T, fx *fixture) {
				os.Remove(filepath.Join(fx.dir, "sub", "f"))
				if err := syscall.Mkfifo(filepath.Join(fx.dir, "sub", "f"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			op:   func(r *Root) error { _, err := r.ReadFile("sub/f"); return err },
			want: ErrNotRegular,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, Options{Role: "read"})
			mustWrite(t, filepath.Join(fx.dir, "sub", "f"), "inside")
			swapped := false
			testHookAfterCheck = func(string) { tc.swap(t, fx); swapped = true }
			defer func() { testHookAfterCheck = func(string) {} }()
			err := tc.op(fx.root)
			if !swapped {
				t.Fatal("the hook did not run")
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestWriteDirSwappedAfterCreate swaps the destination directory for a
// symlink out of the root while a streaming write is pending: the write
// still lands in the directory that was checked, and nothing outside
// changes.
func TestWriteDirSwappedAfterCreate(t *testing.T) {
	for _, commit := range []bool{true, false} {
		fx := newFixture(t, Options{Role: "write"})
		before := fx.snapshotOutside(t)
		f, err := fx.root.Create("sub/new")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(fx.dir, "sub"), filepath.Join(fx.dir, "moved")); err != nil {
			t.Fatal(err)
		}
		mustSymlink(t, fx.outside, filepath.Join(fx.dir, "sub"))
		if _, err := f.Write([]byte("data")); err != nil {
			t.Fatal(err)
		}
		if commit {
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, filepath.Join(fx.dir, "moved", "new")); got != "data" {
				t.Errorf("moved/new = %q, want %q", got, "data")
			}
		} else if err := f.Abort(); err != nil {
			t.Fatal(err)
		}
		if after := fx.snapshotOutside(t); after != before {
			t.Errorf("commit=%v: outside changed:\n%s\n%s", commit, before, after)
		}
		if left := fx.tempFiles(t); len(left) > 0 {
			t.Errorf("commit=%v: temporary files left: %v", commit, left)
		}
	}
}

// TestWriteReplacesSymlink: writing to a name that is a symlink replaces
// the link with a file inside the root; the target is never written.
func TestWriteReplacesSymlink(t *testing.T) {
	fx := newFixture(t, Options{Role: "write"})
	mustSymlink(t, filepath.Join(fx.outside, "sentinel"), filepath.Join(fx.dir, "link"))
	before := fx.snapshotOutside(t)
	if err := fx.root.WriteFile("link", []byte("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(filepath.Join(fx.dir, "link"))
	if err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("link is now %v (%v), want a regular file", fi, err)
	}
	if after := fx.snapshotOutside(t); after != before {
		t.Errorf("outside changed:\n%s\n%s", before, after)
	}
}
