//go:build unix

package sandbox

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// FuzzWritePath throws arbitrary paths at every Root operation. The
// invariant: nothing outside the root is created or changed, every failure
// is a *PathError, and a write that succeeds can be read back.
//
// The root holds traps: symlinks out (to the sibling directory, to "/",
// up through ".."), a symlink loop and a fifo.
func FuzzWritePath(f *testing.F) {
	for _, seed := range []string{
		"x", "sub/x", "../x", "a/../../x", "/etc/x", "out/sentinel", "out/new",
		"slash/tmp/x", "sub/up/outside/sentinel", "loop/x", "fifo", "fifo/x",
		"sub/../x", "./x/", "x\x00y", "sub//x", "..", ".", "",
	} {
		f.Add(seed, []byte("data"))
	}
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		fx := newFixture(t, Options{Role: "write", MaxWrite: 1 << 20})
		mustSymlink(t, fx.outside, filepath.Join(fx.dir, "out"))
		mustSymlink(t, "/", filepath.Join(fx.dir, "slash"))
		mustSymlink(t, "../..", filepath.Join(fx.dir, "sub", "up"))
		mustSymlink(t, "loop", filepath.Join(fx.dir, "loop"))
		if err := syscall.Mkfifo(filepath.Join(fx.dir, "fifo"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := fx.snapshotOutside(t)

		checkErr := func(op string, err error) {
			t.Helper()
			var pe *PathError
			if err != nil && !errors.As(err, &pe) {
				t.Errorf("%s(%q): %v is a %T, want a *PathError", op, path, err, err)
			}
		}
		_, err := fx.root.ReadFile(path)
		checkErr("ReadFile", err)
		_, err = fx.root.Exists(path)
		checkErr("Exists", err)
		_, err = fx.root.List(path)
		checkErr("List", err)

		if pending, err := fx.root.Create(path); err == nil {
			pending.Write(data)
			checkErr("Abort", pending.Abort())
		}
		err = fx.root.WriteFile(path, data)
		checkErr("WriteFile", err)
		if err == nil {
			got, rerr := fx.root.ReadFile(path)
			if rerr != nil || string(got) != string(data) {
				t.Errorf("WriteFile(%q) succeeded but ReadFile = %q, %v", path, got, rerr)
			}
		}

		if after := fx.snapshotOutside(t); after != before {
			t.Fatalf("path %q changed the outside:\nbefore:\n%s\nafter:\n%s", path, before, after)
		}
		if left := fx.tempFiles(t); len(left) > 0 {
			t.Errorf("path %q left temporary files: %v", path, left)
		}
	})
}
