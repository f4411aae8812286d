package sandbox

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// testHookAfterCheck runs between the Stat check and the open, so tests can
// swap a file or symlink in that window.
var testHookAfterCheck = func(name string) {}

// ReadFile returns the contents of the regular file name.
func (r *Root) ReadFile(name string) ([]byte, error) {
	const op = "read"
	f, fi, err := r.openRegular(op, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readAll(f, fi.Size())
	if err != nil {
		return nil, r.pathError(op, name, err)
	}
	return data, nil
}

// Open opens the regular file name for streaming reads (module uploads).
func (r *Root) Open(name string) (io.ReadCloser, fs.FileInfo, error) {
	f, fi, err := r.openRegular("read", name)
	if err != nil {
		return nil, nil, err
	}
	return f, fi, nil
}

// openRegular opens name for reading if it is a regular file. The Stat
// before opening keeps us from opening devices at all (an open can have
// side effects); the Stat of the opened file is the one that decides,
// since name may have been swapped in between.
func (r *Root) openRegular(op, name string) (*os.File, fs.FileInfo, error) {
	clean, err := cleanName(name)
	if err != nil {
		return nil, nil, r.pathError(op, name, err)
	}
	fi, err := r.root.Stat(clean)
	if err != nil {
		return nil, nil, r.pathError(op, name, err)
	}
	if err := checkRegular(fi); err != nil {
		return nil, nil, r.pathError(op, name, err)
	}
	testHookAfterCheck(clean)
	f, err := r.root.OpenFile(clean, openReadFlags, 0)
	if err != nil {
		return nil, nil, r.pathError(op, name, err)
	}
	fi, err = f.Stat()
	if err == nil {
		err = checkRegular(fi)
	}
	if err != nil {
		f.Close()
		return nil, nil, r.pathError(op, name, err)
	}
	return f, fi, nil
}

func checkRegular(fi fs.FileInfo) error {
	switch {
	case fi.Mode().IsRegular():
		return nil
	case fi.IsDir():
		return syscall.EISDIR
	default:
		return ErrNotRegular
	}
}

// readAll reads f to the end, sized by its Stat so a large file is read
// into one allocation; the size is only a hint (the file may grow).
func readAll(f io.Reader, size int64) ([]byte, error) {
	if size < 0 || int64(int(size)) != size {
		size = 0
	}
	buf := make([]byte, 0, int(size)+1) // +1 so EOF is seen without growing
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 4096)
		}
	}
}

// Exists reports whether name exists inside the root. A symlink counts
// as existing if its target does; one that points out of the root is an
// error, not a "no".
func (r *Root) Exists(name string) (bool, error) {
	const op = "exists"
	clean, err := cleanName(name)
	if err != nil {
		return false, r.pathError(op, name, err)
	}
	_, err = r.root.Stat(clean)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return false, nil
	default:
		return false, r.pathError(op, name, err)
	}
}

// List returns the sorted names of the entries of directory dir ("." for
// the root itself).
func (r *Root) List(dir string) ([]string, error) {
	const op = "list"
	clean, err := cleanName(dir)
	if err != nil {
		return nil, r.pathError(op, dir, err)
	}
	fi, err := r.root.Stat(clean)
	if err != nil {
		return nil, r.pathError(op, dir, err)
	}
	if !fi.IsDir() {
		return nil, r.pathError(op, dir, ErrNotDir)
	}
	testHookAfterCheck(clean)
	f, err := r.root.OpenFile(clean, openDirFlags, 0)
	if err != nil {
		return nil, r.pathError(op, dir, err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, r.pathError(op, dir, err)
	}
	slices.Sort(names)
	return names, nil
}
