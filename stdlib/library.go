package stdlib

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// libraries are the .star helper libraries scripts load with
// load("@stdlib/NAME.star", ...). They are part of the binary, so a
// script that uses them runs the same everywhere.
//
//go:embed star/*.star
var libraries embed.FS

// Library returns the source of the embedded library name (e.g.
// "fleet.star").
func Library(name string) ([]byte, bool) {
	if !fs.ValidPath(name) || strings.Contains(name, "/") {
		return nil, false
	}
	src, err := libraries.ReadFile("star/" + name)
	if err != nil {
		return nil, false
	}
	return src, true
}

// LibraryNames returns the sorted names of the embedded libraries.
func LibraryNames() []string {
	entries, _ := libraries.ReadDir("star") // embedded: cannot fail
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
