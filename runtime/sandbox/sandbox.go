// Package sandbox is the only code that touches the file system on a
// script's behalf. A Root is a directory, opened with os.Root, below which a
// script may read or write; paths are relative, and anything that would
// leave the root (.., absolute paths, symlinks pointing out, special files)
// is refused with an error naming the path and the root.
//
// CONTRACT (implementation in progress): the exported API below is fixed;
// bodies are filled in by the sandbox work.
package sandbox

import (
	"errors"
	"io"
	"io/fs"
)

// DefaultMaxWrite is the number of bytes one run may write unless
// Options.MaxWrite says otherwise.
const DefaultMaxWrite int64 = 1 << 30

// Options configure a Root.
type Options struct {
	// Role names the root in messages: "read" or "write".
	Role string
	// MaxWrite caps the bytes written through this root over its life;
	// 0 means DefaultMaxWrite, negative means no writes at all.
	MaxWrite int64
}

// Root is a directory a script may use. It is safe for concurrent use.
type Root struct{}

var errTODO = errors.New("sandbox: not implemented yet")

// Open opens dir as a root.
func Open(dir string, opts Options) (*Root, error) { return nil, errTODO }

// Dir is the absolute path of the root, for messages.
func (r *Root) Dir() string { return "" }

// Close releases the root.
func (r *Root) Close() error { return nil }

// ReadFile returns the contents of the regular file name.
func (r *Root) ReadFile(name string) ([]byte, error) { return nil, errTODO }

// Open opens the regular file name for streaming reads (module uploads).
func (r *Root) Open(name string) (io.ReadCloser, fs.FileInfo, error) { return nil, nil, errTODO }

// WriteFile atomically replaces name with data: a temporary file in the same
// directory, fsync, rename. On any error the previous file is left whole.
// The parent directory must exist.
func (r *Root) WriteFile(name string, data []byte) error { return errTODO }

// Create starts an atomic streaming write of name; nothing is visible under
// name until Commit succeeds, and Abort (or a failed Commit) removes the
// temporary file.
func (r *Root) Create(name string) (*File, error) { return nil, errTODO }

// Exists reports whether name exists inside the root.
func (r *Root) Exists(name string) (bool, error) { return false, errTODO }

// List returns the sorted names of the entries of directory dir ("." for
// the root itself).
func (r *Root) List(dir string) ([]string, error) { return nil, errTODO }

// File is a pending atomic write.
type File struct{}

func (f *File) Write(p []byte) (int, error) { return 0, errTODO }

// Commit fsyncs the data and renames it into place.
func (f *File) Commit() error { return errTODO }

// Abort discards the pending write; safe after Commit (then a no-op).
func (f *File) Abort() error { return nil }

// PathError reports a refused or failed access.
type PathError struct {
	Op   string // "read", "write", "list", ...
	Path string // as the script gave it
	Root string // the root's directory
	Err  error
}

func (e *PathError) Error() string {
	return e.Op + " " + quote(e.Path) + ": " + e.Err.Error() + " (" + e.roleOrRoot() + ")"
}
func (e *PathError) Unwrap() error { return e.Err }

func (e *PathError) roleOrRoot() string { return "root " + e.Root }

func quote(s string) string { return "\"" + s + "\"" }
