// Package runtime is the Starlark host: it builds threads with the
// predeclared names (fleet, the standard modules, argv, help, catch), runs
// a script file, a command-line snippet or a REPL chunk, resolves and
// caches load(), applies the step limit, the per-call deadline and
// cancellation, and formats errors as one line plus one backtrace.
package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"sync"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/fleetscript/fleetscript/runtime/sandbox"
	"github.com/fleetscript/fleetscript/runtime/starkit"
	"github.com/fleetscript/fleetscript/stdlib"
)

// Options configure a Host.
type Options struct {
	// Fleet is predeclared as "fleet"; nil leaves the name undefined.
	Fleet starlark.Value

	// Stdout receives print() and help(); Stderr diagnostics. nil
	// discards.
	Stdout, Stderr io.Writer

	// ReadDir is the read root (the script, load(), file.read); "" refuses
	// every read. WriteDir is the write root; "" refuses every write.
	ReadDir  string
	WriteDir string

	// MaxWrite caps the bytes written through the write root over the
	// host's life (see sandbox.Options): one script run, or one REPL
	// session.
	MaxWrite int64

	// CallTimeout bounds each RPC; MaxSteps bounds the Starlark steps of
	// each thread (the script, each loaded module, each parallel.map
	// worker, each REPL chunk). Zero means no bound.
	CallTimeout time.Duration
	MaxSteps    uint64

	DryRun      bool
	Interactive bool

	// Argv is predeclared, frozen, as "argv".
	Argv []string

	// Now is the clock of time.now(); nil is the real clock.
	Now func() time.Time
}

// Host runs scripts. A Host runs one thing at a time; Exec keeps REPL
// globals between calls.
type Host struct {
	opts        Options
	read, write *sandbox.Root
	predeclared starlark.StringDict
	loader      *loader

	mu      sync.Mutex // guards globals (Globals may be called by a completer)
	globals starlark.StringDict
}

// fileOptions is the dialect every script, module and REPL chunk is
// compiled with: what real scripts want beyond core Starlark.
var fileOptions = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}

// replOptions is the dialect of REPL chunks: load() binds names for the
// chunks that follow, not just the chunk it is in.
var replOptions = func() *syntax.FileOptions {
	opts := *fileOptions
	opts.LoadBindsGlobally = true
	return &opts
}()

// New opens the sandbox roots and builds the predeclared names.
func New(opts Options) (*Host, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	h := &Host{opts: opts}
	var err error
	if opts.ReadDir != "" {
		if h.read, err = sandbox.Open(opts.ReadDir, sandbox.Options{Role: "read", MaxWrite: -1}); err != nil {
			return nil, fmt.Errorf("open read root: %w", err)
		}
	}
	if opts.WriteDir != "" {
		if h.write, err = sandbox.Open(opts.WriteDir, sandbox.Options{Role: "write", MaxWrite: opts.MaxWrite}); err != nil {
			h.Close()
			return nil, fmt.Errorf("open write root: %w", err)
		}
	}
	h.predeclared = h.buildPredeclared()
	h.loader = newLoader(h.read, h.predeclared)
	h.globals = maps.Clone(h.predeclared)
	return h, nil
}

func (h *Host) buildPredeclared() starlark.StringDict {
	d := stdlib.Predeclared()
	if h.opts.Fleet != nil {
		d["fleet"] = h.opts.Fleet
	}
	argv := make([]starlark.Value, len(h.opts.Argv))
	for i, a := range h.opts.Argv {
		argv[i] = starlark.String(a)
	}
	d["argv"] = starlark.NewList(argv)
	d["help"] = h.helpBuiltin()
	d["catch"] = catchBuiltin
	d.Freeze()
	return d
}

// Close releases the sandbox roots.
func (h *Host) Close() error {
	var errs []error
	for _, r := range []*sandbox.Root{h.read, h.write} {
		if r != nil {
			errs = append(errs, r.Close())
		}
	}
	return errors.Join(errs...)
}

// Globals returns a copy of the names a REPL chunk sees: the predeclared
// names and everything earlier chunks defined.
func (h *Host) Globals() starlark.StringDict {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.globals)
}

// newEnv is the environment of one run.
func (h *Host) newEnv(ctx context.Context) *starkit.Env {
	return &starkit.Env{
		Ctx:         ctx,
		Stdout:      h.opts.Stdout,
		Stderr:      h.opts.Stderr,
		Read:        h.read,
		Write:       h.write,
		CallTimeout: h.opts.CallTimeout,
		MaxSteps:    h.opts.MaxSteps,
		DryRun:      h.opts.DryRun,
		Interactive: h.opts.Interactive,
		Load:        h.loader.load,
		Now:         h.opts.Now,
	}
}
