package golden

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/conn"
)

// Epoch is the fixed time.now() of every golden test: the instant the
// deterministic local fleet's clock starts from.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// DefaultTimeout bounds one test, so a script that hangs fails instead of
// stalling CI.
const DefaultTimeout = 2 * time.Minute

// Status is how a test came out.
type Status int

const (
	Pass     Status = iota
	Mismatch        // output differs from the golden (or there is none)
	Updated         // Update rewrote the golden
)

// Outcome is the result of one test.
type Outcome struct {
	Script string
	Status Status
	// Diff is the unified diff golden -> actual of a Mismatch.
	Diff []byte
}

// Options configure a test run.
type Options struct {
	// Update rewrites golden files instead of comparing with them.
	Update bool
	// Timeout bounds each test; 0 = DefaultTimeout.
	Timeout time.Duration
}

// Check runs the test script and compares (or, with Update, rewrites) its
// golden. An error means the test could not run at all (an unreadable
// script, an unknown fixture); a failing script is output like any other.
func Check(ctx context.Context, script string, opts Options) (Outcome, error) {
	out := Outcome{Script: script}
	got, err := Record(ctx, script, opts.Timeout)
	if err != nil {
		return out, err
	}
	golden := goldenPath(script)
	if opts.Update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			return out, fmt.Errorf("update %s: %w", golden, err)
		}
		out.Status = Updated
		return out, nil
	}
	want, err := os.ReadFile(golden)
	if errors.Is(err, fs.ErrNotExist) {
		out.Status = Mismatch
		out.Diff = fmt.Appendf(nil, "no %s: run `fleetscript test -update %s` to create it\n", golden, script)
		return out, nil
	}
	if err != nil {
		return out, err
	}
	if !bytes.Equal(want, got) {
		out.Status = Mismatch
		out.Diff = diff.Diff(golden, want, "actual", got)
	}
	return out, nil
}

// Record runs script on a fresh deterministic local fleet and returns its
// record in the golden layout.
func Record(ctx context.Context, script string, timeout time.Duration) ([]byte, error) {
	src, err := os.ReadFile(script)
	if err != nil {
		return nil, fmt.Errorf("read test: %w", err)
	}
	hdr := parseHeader(src)
	fixture, err := resolveFixture(hdr.fleet, script)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := runtime.WithTimeout(ctx, timeout)
	defer cancel()

	c, err := conn.Open(ctx, conn.Config{Local: true, Fixture: fixture, Deterministic: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	defer c.Close()
	writeDir, err := os.MkdirTemp("", "fleetscript-golden-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(writeDir)

	var stdout bytes.Buffer
	host, err := runtime.New(runtime.Options{
		Fleet:    builtins.New(c.CC, builtins.Options{OrgID: c.OrgID, LocationID: c.LocationID}),
		Stdout:   &stdout,
		Stderr:   io.Discard,
		ReadDir:  filepath.Dir(script),
		WriteDir: writeDir,
		Argv:     hdr.argv,
		Now:      func() time.Time { return Epoch },
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	defer host.Close()
	var errText string
	if err := host.RunFile(ctx, filepath.Base(script)); err != nil {
		errText = runtime.FormatError(err)
	}
	return render(stdout.Bytes(), errText, writeDir)
}
