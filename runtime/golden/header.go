package golden

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fleetscript/fleetscript/localfleet"
)

// header is what a test's leading comment lines ask for.
type header struct {
	fleet string   // fixture name; "" = demo
	argv  []string // the script's argv
}

// parseHeader reads the "# fleet:" and "# argv:" lines among the leading
// comment lines of src.
func parseHeader(src []byte) header {
	var h header
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		comment, ok := strings.CutPrefix(line, "#")
		if !ok {
			break
		}
		key, value, ok := strings.Cut(comment, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "fleet":
			h.fleet = strings.TrimSpace(value)
		case "argv":
			h.argv = splitArgs(value)
		}
	}
	return h
}

// splitArgs splits s on spaces, keeping spaces inside "double" or 'single'
// quotes (the quotes are removed): `Lab "Warehouse/Aisle 1"` is two args.
func splitArgs(s string) []string {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inArg = r, true
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}

// resolveFixture finds the fixture named by a header for the script at
// path: a builtin name, else fleets/NAME.json beside the script, else
// testdata/fleets/NAME.json in the script's directory or an ancestor.
func resolveFixture(name, path string) (*localfleet.Fixture, error) {
	if name == "" {
		return localfleet.DemoFixture(), nil
	}
	if f, ok := localfleet.BuiltinFixture(name); ok {
		return f, nil
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	candidates := []string{filepath.Join(dir, "fleets", name+".json")}
	for d := dir; ; d = filepath.Dir(d) {
		candidates = append(candidates, filepath.Join(d, "testdata", "fleets", name+".json"))
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return localfleet.LoadFixture(c)
		}
	}
	return nil, fmt.Errorf("# fleet: %s: not a builtin fixture, and no fleets/%s.json beside the script or testdata/fleets/%s.json above it", name, name, name)
}
