package main

import (
	"context"
	"errors"

	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/repl"
)

func replCmd(ctx context.Context, std stdio, args []string) error {
	fs := newFlagSet("repl", "repl [flags]")
	sf := newSessionFlags(fs)
	history := fs.String("history", "", "history `FILE` (default ~/.fleetscript_history; \"-\" keeps none)")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("repl: unexpected arguments %q", fs.Args())
	}
	ctx, cancel := runtime.WithTimeout(ctx, sf.timeout)
	defer cancel()
	s, err := openSession(ctx, sf, std, sf.readRoot("."), nil)
	if err != nil {
		return err
	}
	defer s.Close()
	err = repl.Run(ctx, s.host, repl.Options{
		Stdin:       std.in,
		Stdout:      std.out,
		Stderr:      std.errOut,
		HistoryFile: *history,
		Secrets:     sf.secrets(),
		FormatError: runtime.FormatError,
	})
	if errors.Is(err, repl.ErrFailed) || errors.Is(err, repl.ErrInterrupted) {
		// Each failure was printed as it happened.
		return exitCode(exitFailure)
	}
	return err
}
