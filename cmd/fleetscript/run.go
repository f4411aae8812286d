package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fleetscript/fleetscript/runtime"
)

func runCmd(ctx context.Context, std stdio, args []string) error {
	fs := newFlagSet("run", "run [flags] SCRIPT.star [ARG...]\n       fleetscript run [flags] -c 'CODE' [ARG...]")
	sf := newSessionFlags(fs, "stop the whole run after this `DURATION` (0 = no limit)")
	code := fs.String("c", "", "run `CODE` instead of a script file")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	snippet := isSet(fs.FlagSet, "c")
	argv := fs.Args()
	readDir, rel := sf.readRoot("."), ""
	if !snippet {
		if len(argv) == 0 {
			return usagef("run: missing SCRIPT.star (or -c 'CODE'); see 'fleetscript run --help'")
		}
		var script string
		script, argv = argv[0], argv[1:]
		if _, err := os.Stat(script); err != nil {
			return usagef("run: %v", err)
		}
		readDir = sf.readRoot(filepath.Dir(script))
		var err error
		if rel, err = scriptInRoot(script, readDir); err != nil {
			return err
		}
	}
	ctx, cancel := runtime.WithTimeout(ctx, sf.timeout)
	defer cancel()
	s, err := openSession(ctx, sf, std, readDir, argv)
	if err != nil {
		if misplaced := misplacedFlags(fs.FlagSet, argv); misplaced != "" {
			return fmt.Errorf("%w\n(%s came after the script, so it reached the script as an argument: flags go before SCRIPT.star)", err, misplaced)
		}
		return err
	}
	defer s.Close()
	if snippet {
		return s.host.RunSnippet(ctx, *code)
	}
	return s.host.RunFile(ctx, rel)
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// misplacedFlags returns the first script argument that names one of the
// command's own flags ("--local"), a likely mistake worth pointing out.
func misplacedFlags(fs *flag.FlagSet, argv []string) string {
	for _, a := range argv {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && fs.Lookup(name) != nil {
			return a
		}
	}
	return ""
}

// scriptInRoot returns script's path relative to readDir, refusing a
// script outside it (the host reads the script through the read root).
func scriptInRoot(script, readDir string) (string, error) {
	absScript, err := filepath.Abs(script)
	if err != nil {
		return "", err
	}
	absRoot, err := filepath.Abs(readDir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absRoot, absScript)
	if err != nil || !filepath.IsLocal(rel) {
		return "", usagef("run: script %s is outside --read-dir %s", script, readDir)
	}
	return rel, nil
}
