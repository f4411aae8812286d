package main

import (
	"context"
	"fmt"

	"github.com/fleetscript/fleetscript/runtime/golden"
)

func testCmd(ctx context.Context, std stdio, args []string) error {
	fs := newFlagSet("test", "test [-update] [PATH...]\n\nRuns every NAME.star that has a NAME.golden under each PATH (default .),\neach on a fresh deterministic local fleet. A script named explicitly is a\ntest even without a golden; -update creates or rewrites its golden.")
	update := fs.Bool("update", false, "rewrite the golden files with the current output")
	timeout := fs.Duration("timeout", golden.DefaultTimeout, "bound on each test")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	tests, err := golden.Find(fs.Args()...)
	if err != nil {
		return usagef("test: %v", err)
	}
	if len(tests) == 0 {
		return usagef("test: no golden tests (NAME.star beside NAME.golden) under %v", fs.Args())
	}
	sum, err := golden.Run(ctx, tests, golden.Options{Update: *update, Timeout: *timeout}, std.out)
	if err != nil {
		return err
	}
	fmt.Fprintln(std.out, sum)
	if sum.Failed > 0 {
		return exitCode(exitMismatch)
	}
	return nil
}
