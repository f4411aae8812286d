// Package starkit is the small toolkit shared by the host (package runtime),
// the fleet module (package builtins) and the standard library (package
// stdlib): the per-run environment every thread carries, documented
// builtin functions and modules, and the interfaces the REPL and help()
// use to describe values.
//
// It sits below all three so that none of them needs to import another.
package starkit

import (
	"context"
	"fmt"
	"io"
	"time"

	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/sandbox"
)

// Env is what a host gives every thread of one run: where output goes,
// what the script may touch, and when to stop.
type Env struct {
	// Ctx is cancelled on Ctrl-C or --timeout; every RPC and every
	// blocking builtin derives its context from it.
	Ctx context.Context

	// Stdout receives print() and results; Stderr diagnostics and
	// progress. Neither is ever nil once Attach has run.
	Stdout io.Writer
	Stderr io.Writer

	// Read is the read root (load(), file.read, module uploads) and Write
	// the write root (dest=, file.write). A nil root refuses every access.
	Read  *sandbox.Root
	Write *sandbox.Root

	// CallTimeout bounds each RPC; zero means only Ctx bounds it.
	CallTimeout time.Duration

	// MaxSteps bounds the Starlark steps of each thread; zero means no limit.
	MaxSteps uint64

	// DryRun makes methods that change the fleet report what they would
	// send instead of sending it.
	DryRun bool

	// Interactive is true when Stderr is a terminal, so builtins may draw
	// progress.
	Interactive bool

	// Load resolves load() statements; nil refuses every load.
	Load func(thread *starlark.Thread, module string) (starlark.StringDict, error)

	// Now is the clock time.now() reads; nil means the real clock. Golden
	// tests pass a fake clock so output is byte-stable.
	Now func() time.Time
}

const envKey = "fleetscript.env"

// Attach binds e to thread; builtins find it with EnvOf.
func Attach(thread *starlark.Thread, e *Env) {
	thread.SetLocal(envKey, e)
}

var defaultEnv = &Env{Ctx: context.Background(), Stdout: io.Discard, Stderr: io.Discard}

// EnvOf returns the environment attached to thread, or an inert default
// (background context, output discarded, no file access) when none is.
func EnvOf(thread *starlark.Thread) *Env {
	if e, ok := thread.Local(envKey).(*Env); ok && e != nil {
		return e
	}
	return defaultEnv
}

// Context returns the run's context, never nil.
func (e *Env) Context() context.Context {
	if e.Ctx == nil {
		return context.Background()
	}
	return e.Ctx
}

// CallContext returns the context for one RPC: the run's context bounded by
// CallTimeout when one is set. The caller must call cancel.
func (e *Env) CallContext() (ctx context.Context, cancel context.CancelFunc) {
	if e.CallTimeout > 0 {
		return context.WithTimeout(e.Context(), e.CallTimeout)
	}
	return context.WithCancel(e.Context())
}

// NewThread returns a thread bound to e: print() writes to Stdout, load()
// goes through Load, the step limit applies, and the thread is cancelled
// with the context's cause as soon as Ctx is done. The caller must call
// stop when the thread is finished with, to release the cancellation hook.
func (e *Env) NewThread(name string) (thread *starlark.Thread, stop func()) {
	thread = &starlark.Thread{
		Name: name,
		Print: func(_ *starlark.Thread, msg string) {
			if e.Stdout != nil {
				io.WriteString(e.Stdout, msg+"\n")
			}
		},
	}
	if e.Load != nil {
		thread.Load = e.Load
	}
	if e.MaxSteps > 0 {
		limit := e.MaxSteps
		thread.SetMaxExecutionSteps(limit)
		thread.OnMaxSteps = func(thread *starlark.Thread) {
			thread.Cancel(fmt.Sprintf("step limit of %d exceeded", limit))
		}
	}
	if e.Now != nil {
		now := e.Now
		starlarktime.SetNow(thread, func() (time.Time, error) { return now(), nil })
	}
	Attach(thread, e)
	ctx := e.Context()
	if ctx.Err() != nil {
		// AfterFunc runs its function on another goroutine, perhaps after
		// a short script has finished: cancel a thread born late now.
		thread.Cancel(cancelReason(ctx))
	}
	stopHook := context.AfterFunc(ctx, func() {
		thread.Cancel(cancelReason(ctx))
	})
	return thread, func() { stopHook() }
}

func cancelReason(ctx context.Context) string {
	switch err := context.Cause(ctx); err {
	case context.DeadlineExceeded:
		return "timed out"
	case context.Canceled, nil:
		return "cancelled"
	default:
		return err.Error()
	}
}
