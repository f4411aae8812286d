package main

import (
	"context"
	"errors"
	"time"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/repl"
)

func replCmd(ctx context.Context, std stdio, args []string) error {
	fs := newFlagSet("repl", "repl [flags]")
	sf := newSessionFlags(fs, "stop each chunk (what one prompt runs) after this `DURATION`; the session goes on (0 = no limit)")
	history := fs.String("history", "", "history `FILE` (default ~/.fleetscript_history; \"-\" keeps none)")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("repl: unexpected arguments %q", fs.Args())
	}
	s, err := openSession(ctx, sf, std, sf.readRoot("."), nil)
	if err != nil {
		return err
	}
	defer s.Close()
	err = repl.Run(ctx, chunkTimeout{Host: s.host, timeout: sf.timeout}, repl.Options{
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

// chunkTimeout bounds each REPL chunk by --timeout: a session is open for
// as long as its user types, so only the work of one prompt is limited.
type chunkTimeout struct {
	*runtime.Host
	timeout time.Duration
}

func (h chunkTimeout) Exec(ctx context.Context, src string) (starlark.Value, error) {
	ctx, cancel := runtime.WithTimeout(ctx, h.timeout)
	defer cancel()
	return h.Host.Exec(ctx, src)
}
