package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// The reasons a path is refused. A PathError's Err is (or wraps) one of
// these, so callers can tell a refusal from an I/O failure with errors.Is.
var (
	ErrEscapes        = &refusal{msg: "path escapes"}
	ErrAbsolute       = &refusal{msg: "absolute path not allowed", in: true}
	ErrEmpty          = &refusal{msg: "empty path not allowed", in: true}
	ErrNUL            = &refusal{msg: "NUL byte in path not allowed", in: true}
	ErrTooLong        = &refusal{msg: "path too long", in: true}
	ErrNotRegular     = &refusal{msg: "not a regular file", in: true}
	ErrNotDir         = &refusal{msg: "not a directory", in: true}
	ErrNoParent       = &refusal{msg: "parent directory does not exist", in: true}
	ErrNotFileName    = &refusal{msg: "not a file name", in: true}
	ErrWriteLimit     = &refusal{msg: "write limit exceeded", in: true}
	ErrWritesDisabled = &refusal{msg: "writes are disabled", in: true}
	ErrClosed         = &refusal{msg: "file already committed or aborted", in: true}
)

// refusal is a reason the sandbox turns a path away. in says whether the
// message reads "... in the write root /w" or "... the write root /w".
type refusal struct {
	msg string
	in  bool
}

func (r *refusal) Error() string { return r.msg }

// limitError says how far over the cap a write went; it is ErrWriteLimit.
type limitError struct{ max int64 }

func (e *limitError) Error() string {
	return "write limit of " + strconv.FormatInt(e.max, 10) + " bytes exceeded"
}
func (e *limitError) Is(target error) bool { return target == ErrWriteLimit }

// PathError reports a refused or failed access. Its message names the path
// as the script gave it and the root, e.g.
//
//	write "../x": path escapes the write root /tmp/w
//	read "a.txt": no such file or directory in the read root /tmp/r
type PathError struct {
	Op   string // "read", "write", "list", "exists"
	Path string // as the script gave it
	Role string // "read" or "write"; "" reads as plain "root"
	Root string // the root's directory
	Err  error
}

func (e *PathError) Error() string {
	where := "the " + e.roleName() + " " + e.Root
	if r := (*refusal)(nil); errors.As(e.Err, &r) && !r.in {
		return fmt.Sprintf("%s %q: %v %s", e.Op, e.Path, e.Err, where)
	}
	return fmt.Sprintf("%s %q: %v in %s", e.Op, e.Path, e.Err, where)
}

func (e *PathError) Unwrap() error { return e.Err }

func (e *PathError) roleName() string {
	if e.Role == "" {
		return "root"
	}
	return e.Role + " root"
}

// pathError wraps err for name, translating what os.Root reports into the
// sandbox's own reasons so messages do not leak "openat" and the like.
func (r *Root) pathError(op, name string, err error) *PathError {
	return &PathError{Op: op, Path: name, Role: r.role, Root: r.dir, Err: reason(err)}
}

// reason strips os.PathError / os.LinkError wrappers (their paths are the
// internal ones, not the script's) and maps os.Root's escape error to
// ErrEscapes.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	switch {
	case isRootEscape(err):
		return ErrEscapes
	case errors.Is(err, syscall.ENAMETOOLONG):
		return ErrTooLong
	}
	return err
}
