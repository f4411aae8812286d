package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// WriteFile atomically replaces name with data: a temporary file in the same
// directory, fsync, rename. On any error the previous file is left whole.
// The parent directory must exist.
func (r *Root) WriteFile(name string, data []byte) error {
	f, err := r.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// Create starts an atomic streaming write of name; nothing is visible under
// name until Commit succeeds, and Abort (or a failed Commit) removes the
// temporary file. The caller must end every File with Commit or Abort
// (defer f.Abort() is safe: it does nothing after a Commit).
//
// The parent directory is opened once, here, and the temporary file, the
// rename and the cleanup all happen inside that handle: a symlink on the
// way to it swapped afterwards cannot redirect the write, nor strand the
// temporary file where Abort cannot reach it.
func (r *Root) Create(name string) (*File, error) {
	const op = "write"
	if r.maxWrite < 0 {
		return nil, r.pathError(op, name, ErrWritesDisabled)
	}
	clean, err := cleanName(name)
	if err != nil {
		return nil, r.pathError(op, name, err)
	}
	dir, base := filepath.Dir(clean), filepath.Base(clean)
	if base == "." || base == ".." || strings.HasSuffix(clean, "/") {
		return nil, r.pathError(op, name, ErrNotFileName)
	}
	// Opening "dir/." rather than "dir" makes os.Root open every component
	// of dir as a directory (O_DIRECTORY): a fifo named like the directory
	// is refused instead of blocking the open.
	parent, err := r.root.OpenRoot(dir + "/.")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			err = ErrNoParent
		}
		return nil, r.pathError(op, name, err)
	}
	perm, err := targetPerm(parent, base)
	if err != nil {
		parent.Close()
		return nil, r.pathError(op, name, err)
	}
	tmp, f, err := createTemp(parent, perm)
	if err != nil {
		parent.Close()
		return nil, r.pathError(op, name, err)
	}
	return &File{root: r, name: name, parent: parent, base: base, tmp: tmp, f: f}, nil
}

// targetPerm returns the permissions for the new file: those of the file it
// replaces, so a rewrite keeps them, else 0666 less the umask. Replacing a
// directory is refused now rather than after all the data is written.
func targetPerm(parent *os.Root, base string) (fs.FileMode, error) {
	fi, err := parent.Lstat(base)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o666, nil
	case err != nil:
		return 0, err
	case fi.IsDir():
		return 0, syscall.EISDIR
	case fi.Mode().IsRegular():
		return fi.Mode().Perm(), nil
	default:
		// A symlink or special file is replaced, never written through.
		return 0o666, nil
	}
}

// createTemp makes a new file with a random name in parent. O_EXCL makes
// sure it is ours: never an existing file, never through a symlink.
func createTemp(parent *os.Root, perm fs.FileMode) (string, *os.File, error) {
	for range 10 {
		var rnd [8]byte
		rand.Read(rnd[:])
		name := ".fleetscript-" + hex.EncodeToString(rnd[:]) + ".tmp"
		f, err := parent.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, f, err
	}
	return "", nil, errors.New("cannot create a temporary file")
}

// File is a pending atomic write.
type File struct {
	root   *Root
	name   string   // as the script gave it, for messages
	parent *os.Root // the directory that will hold the file
	base   string   // final name inside parent
	tmp    string   // temporary name inside parent

	mu   sync.Mutex
	f    *os.File
	err  error // first failure; the write can then only be discarded
	done bool  // committed or aborted
}

// Write appends p to the pending file. Bytes beyond the root's write cap
// are refused whole, and the file can then no longer be committed.
func (f *File) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.done:
		return 0, f.fail(ErrClosed)
	case f.err != nil:
		return 0, f.err
	}
	if err := f.root.reserve(len(p)); err != nil {
		f.err = f.fail(err)
		return 0, f.err
	}
	n, err := f.f.Write(p)
	if err != nil {
		f.err = f.fail(err)
	}
	return n, f.err
}

// Commit fsyncs the data and renames it into place. If anything fails, or
// a Write failed earlier, the temporary file is removed and the previous
// file under the name is untouched.
func (f *File) Commit() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return f.fail(ErrClosed)
	}
	f.done = true
	if f.err != nil {
		f.discard()
		return f.err
	}
	err := f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = f.parent.Rename(f.tmp, f.base)
	}
	if err != nil {
		f.discard()
		return f.fail(err)
	}
	// Make the rename itself durable. Best effort: the new file is in
	// place whatever happens here, so failing now would be a lie.
	if d, err := f.parent.Open("."); err == nil {
		d.Sync()
		d.Close()
	}
	f.parent.Close()
	return nil
}

// Abort discards the pending write; safe after Commit (then a no-op).
func (f *File) Abort() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return nil
	}
	f.done = true
	return f.discard()
}

// discard closes and removes the temporary file and releases the parent.
func (f *File) discard() error {
	f.f.Close() // may already be closed by Commit; the error says nothing new
	err := f.parent.Remove(f.tmp)
	f.parent.Close()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return f.fail(err)
	}
	return nil
}

func (f *File) fail(err error) error {
	return f.root.pathError("write", f.name, err)
}
