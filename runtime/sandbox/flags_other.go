//go:build !unix

package sandbox

import "os"

const (
	openReadFlags = os.O_RDONLY
	openDirFlags  = os.O_RDONLY
)
