package sandbox

import (
	"errors"
	"os"
	"sync"
)

// os.Root reports a path that leaves it with an unexported error value.
// Rather than compare message text, we ask os.Root for that value once, by
// resolving ".." at the top of a root (it is refused before any system
// call), and compare with errors.Is from then on.
var (
	rootEscapeOnce sync.Once
	rootEscapeErr  error
)

func learnRootEscape(root *os.Root) {
	rootEscapeOnce.Do(func() {
		_, err := root.Lstat("..")
		var pe *os.PathError
		if errors.As(err, &pe) {
			rootEscapeErr = pe.Err
		}
	})
}

func isRootEscape(err error) bool {
	return rootEscapeErr != nil && errors.Is(err, rootEscapeErr)
}
