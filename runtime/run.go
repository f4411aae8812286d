package runtime

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Names the host gives sources that are not files, as they appear in
// backtraces.
const (
	snippetFile = "<command-line>"
	replFile    = "<stdin>"
)

// RunFile runs the script at path, relative to the read root, reading it
// through the read root.
func (h *Host) RunFile(ctx context.Context, path string) error {
	start := time.Now()
	if h.read == nil {
		return &ScriptError{Message: fmt.Sprintf("read %q: no read root", path), Err: errNoReadRoot}
	}
	src, err := h.read.ReadFile(path) // its error names the path and the root
	if err != nil {
		return &ScriptError{Message: err.Error(), Err: err}
	}
	return h.runModule(ctx, start, path, src)
}

// RunSnippet runs src as a script named "<command-line>".
func (h *Host) RunSnippet(ctx context.Context, src string) error {
	return h.runModule(ctx, time.Now(), snippetFile, src)
}

func (h *Host) runModule(ctx context.Context, start time.Time, name string, src any) (err error) {
	defer recoverInternal(&err)
	thread, stop := h.newEnv(ctx).NewThread(name)
	defer stop()
	setLoadChain(thread, []string{name})
	_, err = starlark.ExecFileOptions(fileOptions, thread, name, src, h.predeclared)
	return newScriptError(ctx, start, err)
}

// Exec runs one REPL chunk in the persistent globals: assignments,
// definitions and load()ed names stay for the next chunk. When the chunk
// ends with an expression statement, Exec returns its value (and, unless
// it is None, stores it as "_", as Python's REPL does); otherwise nil.
//
// As in go.starlark.net's own REPL, each chunk is a module of its own: a
// function sees the globals as they were when the chunk that defined it
// ran, not later reassignments.
func (h *Host) Exec(ctx context.Context, src string) (_ starlark.Value, err error) {
	defer recoverInternal(&err)
	start := time.Now()
	f, err := replOptions.Parse(replFile, src, 0)
	if err != nil {
		return nil, newScriptError(ctx, start, err)
	}
	var last syntax.Expr
	if n := len(f.Stmts); n > 0 {
		if stmt, ok := f.Stmts[n-1].(*syntax.ExprStmt); ok {
			last = stmt.X
			f.Stmts = f.Stmts[:n-1]
		}
	}

	thread, stop := h.newEnv(ctx).NewThread("repl")
	defer stop()
	setLoadChain(thread, []string{replFile})

	h.mu.Lock()
	defer h.mu.Unlock()
	if len(f.Stmts) > 0 {
		if err := starlark.ExecREPLChunk(f, thread, h.globals); err != nil {
			return nil, newScriptError(ctx, start, err)
		}
	}
	if last == nil {
		return nil, nil
	}
	v, err := starlark.EvalExprOptions(replOptions, thread, last, h.globals)
	if err != nil {
		return nil, newScriptError(ctx, start, err)
	}
	if v != starlark.None {
		h.globals["_"] = v
	}
	return v, nil
}

var errNoReadRoot = errors.New("no read root")

// InternalError is a panic in the host or in a builtin, recovered so that
// a REPL session survives it; it is a bug to report.
type InternalError struct {
	Value any    // what was panicked with
	Stack []byte // the panicking goroutine's stack
}

func (e *InternalError) Error() string { return fmt.Sprintf("internal error: %v", e.Value) }

// recoverInternal turns a panic into a *ScriptError wrapping an
// *InternalError in *err. Deferred by every entry point.
func recoverInternal(err *error) {
	if p := recover(); p != nil {
		ie := &InternalError{Value: p, Stack: debug.Stack()}
		*err = &ScriptError{Message: ie.Error() + " (a bug in fleetscript: please report it)", Err: ie}
	}
}
