//go:build unix

package sandbox

import (
	"os"
	"syscall"
)

// O_NONBLOCK so that opening a fifo (or a tty) swapped in after the Stat
// check returns at once instead of blocking the script; the file's own
// Stat then refuses it. It changes nothing for regular files.
const (
	openReadFlags = os.O_RDONLY | syscall.O_NONBLOCK
	openDirFlags  = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_DIRECTORY
)
