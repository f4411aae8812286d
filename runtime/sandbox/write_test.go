package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestWriteFile(t *testing.T) {
	fx := newFixture(t, Options{Role: "write"})
	for _, name := range []string{"new.txt", "sub/new.txt", "./sub//again.txt", "sub/../top.txt"} {
		if err := fx.root.WriteFile(name, []byte("v1")); err != nil {
			t.Fatalf("WriteFile(%q): %v", name, err)
		}
		if err := fx.root.WriteFile(name, []byte("version 2")); err != nil {
			t.Fatalf("WriteFile(%q) again: %v", name, err)
		}
		if got := readString(t, filepath.Join(fx.dir, name)); got != "version 2" {
			t.Errorf("%s = %q, want %q", name, got, "version 2")
		}
	}
	if left := fx.tempFiles(t); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteKeepsPermissions(t *testing.T) {
	fx := newFixture(t, Options{Role: "write"})
	path := filepath.Join(fx.dir, "script.sh")
	mustWrite(t, path, "old")
	if err := os.Chmod(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := fx.root.WriteFile("script.sh", []byte("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("mode = %v, want 0700", fi.Mode().Perm())
	}
}

// TestFailedWriteLeavesPreviousFile: whatever way a write fails, the file
// it was to replace keeps its old content and no temporary file remains.
func TestFailedWriteLeavesPreviousFile(t *testing.T) {
	tests := []struct {
		name     string
		maxWrite int64
		write    func(r *Root) error
		want     error
	}{
		{
			name: "over the cap at once", maxWrite: 10,
			write: func(r *Root) error { return r.WriteFile("f", []byte(strings.Repeat("x", 11))) },
			want:  ErrWriteLimit,
		},
		{
			name: "over the cap mid-stream", maxWrite: 10,
			write: func(r *Root) error {
				f, err := r.Create("f")
				if err != nil {
					return err
				}
				for range 3 {
					if _, err := f.Write([]byte("abcd")); err != nil {
						// A failed write poisons the file: Commit
						// must refuse it too.
						if cerr := f.Commit(); !errors.Is(cerr, ErrWriteLimit) {
							return fmt.Errorf("Commit after failed Write = %v", cerr)
						}
						return err
					}
				}
				return f.Commit()
			},
			want: ErrWriteLimit,
		},
		{
			name: "aborted",
			write: func(r *Root) error {
				f, err := r.Create("f")
				if err != nil {
					return err
				}
				io.WriteString(f, "half")
				if err := f.Abort(); err != nil {
					return err
				}
				return errAborted
			},
			want: errAborted,
		},
		{
			name: "write after commit",
			write: func(r *Root) error {
				f, err := r.Create("other")
				if err != nil {
					return err
				}
				if err := f.Commit(); err != nil {
					return err
				}
				_, err = f.Write([]byte("late"))
				return err
			},
			want: ErrClosed,
		},
		{
			name: "writes disabled", maxWrite: -1,
			write: func(r *Root) error { return r.WriteFile("f", []byte("x")) },
			want:  ErrWritesDisabled,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, Options{Role: "write", MaxWrite: tc.maxWrite})
			path := filepath.Join(fx.dir, "f")
			mustWrite(t, path, "previous")
			err := tc.write(fx.root)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got := readString(t, path); got != "previous" {
				t.Errorf("f = %q, want the previous content", got)
			}
			if left := fx.tempFiles(t); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

var errAborted = errors.New("aborted")

func TestWriteLimitMessage(t *testing.T) {
	fx := newFixture(t, Options{Role: "write", MaxWrite: 4})
	err := fx.root.WriteFile("f", []byte("12345"))
	want := `write "f": write limit of 4 bytes exceeded in the write root ` + fx.dir
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestWriteLimitAcrossWrites: the cap counts every write through the root,
// so many small writes cannot add up past it.
func TestWriteLimitAcrossWrites(t *testing.T) {
	fx := newFixture(t, Options{Role: "write", MaxWrite: 10})
	for i, want := range []error{nil, nil, ErrWriteLimit} {
		err := fx.root.WriteFile(fmt.Sprintf("f%d", i), []byte("1234"))
		if !errors.Is(err, want) && err != want {
			t.Errorf("write %d: got %v, want %v", i, err, want)
		}
	}
	if got := fx.root.Written(); got != 8 {
		t.Errorf("Written() = %d, want 8", got)
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "f2")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("f2 exists after a refused write: %v", err)
	}
}

// TestConcurrentWrites: many goroutines writing through one root never
// exceed the cap together, and each file that was written is whole.
func TestConcurrentWrites(t *testing.T) {
	const workers, perWorker, size = 8, 20, 100
	const maxWrite = workers * perWorker * size / 2
	fx := newFixture(t, Options{Role: "write", MaxWrite: maxWrite})
	var wg sync.WaitGroup
	var mu sync.Mutex
	written := 0
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				data := strings.Repeat(string(rune('a'+w)), size)
				err := fx.root.WriteFile(fmt.Sprintf("w%d-%d", w, i), []byte(data))
				switch {
				case err == nil:
					mu.Lock()
					written++
					mu.Unlock()
				case !errors.Is(err, ErrWriteLimit):
					t.Errorf("unexpected error: %v", err)
				}
				// Everyone also rewrites one shared file; it must
				// always hold one writer's data whole.
				fx.root.WriteFile("shared", []byte(data))
			}
		})
	}
	wg.Wait()
	if fx.root.Written() > maxWrite {
		t.Errorf("Written() = %d, over the cap %d", fx.root.Written(), maxWrite)
	}
	names, err := fx.root.List(".")
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, name := range names {
		if strings.HasPrefix(name, "w") {
			files++
			if got := readString(t, filepath.Join(fx.dir, name)); len(got) != size || strings.Count(got, got[:1]) != size {
				t.Errorf("%s is torn: %q", name, got)
			}
		}
	}
	if files != written {
		t.Errorf("%d files on disk, %d writes succeeded", files, written)
	}
	if shared := readString(t, filepath.Join(fx.dir, "shared")); len(shared) != size || strings.Count(shared, shared[:1]) != size {
		t.Errorf("shared is torn: %q", shared)
	}
	if left := fx.tempFiles(t); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
