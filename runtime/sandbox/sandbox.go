// Package sandbox is the only code that touches the file system on a
// script's behalf. A Root is a directory, opened with os.Root, below which a
// script may read or write; paths are relative, and anything that would
// leave the root (.., absolute paths, symlinks pointing out, special files)
// is refused with a *PathError naming the path and the root.
//
// os.Root resolves every path component with openat and O_NOFOLLOW, so a
// symlink swapped in between a check and a use still cannot lead outside.
// On top of it the sandbox refuses what os.Root would allow but a script
// should not get: absolute paths, lexical ".." escapes, NUL bytes,
// over-long names, and anything that is not a regular file or directory.
package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
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
type Root struct {
	root     *os.Root
	dir      string
	role     string
	maxWrite int64 // < 0: writes disabled

	// written counts bytes handed to Write over the root's life,
	// including those of writes later aborted: they reached the disk.
	written atomic.Int64
}

// Open opens dir as a root.
func Open(dir string, opts Options) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %s root %s: %w", opts.Role, dir, err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("sandbox: open %s root: %w", opts.Role, err)
	}
	learnRootEscape(root)
	maxWrite := opts.MaxWrite
	if maxWrite == 0 {
		maxWrite = DefaultMaxWrite
	}
	return &Root{root: root, dir: abs, role: opts.Role, maxWrite: maxWrite}, nil
}

// Dir is the absolute path of the root, for messages.
func (r *Root) Dir() string { return r.dir }

// Written returns the bytes written through the root so far.
func (r *Root) Written() int64 { return r.written.Load() }

// Close releases the root. Files already opened stay usable.
func (r *Root) Close() error { return r.root.Close() }

// reserve accounts n more bytes against the write cap, or reports that
// they would exceed it (and then accounts nothing).
func (r *Root) reserve(n int) error {
	for {
		cur := r.written.Load()
		next := cur + int64(n)
		if next > r.maxWrite || next < cur {
			return &limitError{max: r.maxWrite}
		}
		if r.written.CompareAndSwap(cur, next) {
			return nil
		}
	}
}
