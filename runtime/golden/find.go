package golden

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// goldenPath is the golden file of a test script.
func goldenPath(script string) string {
	return strings.TrimSuffix(script, ".star") + ".golden"
}

// Find returns the tests under paths, sorted. A directory contributes
// every NAME.star (at any depth) that has a NAME.golden beside it, so
// helper libraries are not tests; a file named explicitly is a test even
// without a golden (Update creates it). No paths means ".". A test that
// several paths reach is listed once.
func Find(paths ...string) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var tests []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("find tests: %w", err)
		}
		if !info.IsDir() {
			if !strings.HasSuffix(p, ".star") {
				return nil, fmt.Errorf("find tests: %s is not a .star script", p)
			}
			tests = append(tests, filepath.Clean(p)) // as a directory walk spells it
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".star") {
				return nil
			}
			if _, err := os.Stat(goldenPath(path)); err == nil {
				tests = append(tests, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("find tests: %w", err)
		}
	}
	slices.Sort(tests)
	return slices.Compact(tests), nil
}
