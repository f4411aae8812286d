package sandbox

import (
	"path/filepath"
	"strings"
)

// Limits on script-given paths, those of Linux (PATH_MAX, NAME_MAX): a
// longer path could not name a file anyway, and refusing it early gives a
// clear message instead of ENAMETOOLONG from deep inside os.Root.
const (
	MaxPathLen = 4096
	MaxNameLen = 255
)

// cleanName checks a script-given path and returns it cleaned: relative,
// lexically inside the root, free of NUL bytes, within the length limits.
// Cleaning resolves ".." lexically ("a/../b" is "b"), so the path can
// only go down from the root.
// Symlinks are os.Root's business: it refuses any that lead out.
func cleanName(name string) (string, error) {
	switch {
	case name == "":
		return "", ErrEmpty
	case strings.IndexByte(name, 0) >= 0:
		return "", ErrNUL
	case len(name) > MaxPathLen:
		return "", ErrTooLong
	case filepath.IsAbs(name) || strings.HasPrefix(name, "/") || filepath.VolumeName(name) != "":
		return "", ErrAbsolute
	}
	for elem := range strings.SplitSeq(name, "/") {
		if len(elem) > MaxNameLen {
			return "", ErrTooLong
		}
	}
	if !filepath.IsLocal(name) {
		return "", ErrEscapes
	}
	clean := filepath.Clean(name)
	if strings.HasSuffix(name, "/") && clean != "." {
		// Keep the trailing slash: it says "a directory", and os.Root
		// then refuses a file (ENOTDIR) as the OS would.
		clean += "/"
	}
	return clean, nil
}
