package repl

import (
	"context"
	"fmt"
	"io"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// fakeHost is a minimal Host: persistent globals, "_" for the last
// result, a small fleet module whose methods record that they were
// called, and fleet.slow(), which blocks until its chunk is cancelled.
type fakeHost struct {
	stdout  io.Writer
	mu      sync.Mutex
	globals starlark.StringDict
	calls   []string // fleet methods called, in order
	started chan struct{}
}

var _ Host = (*fakeHost)(nil)

var fakeFileOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true}

func newFakeHost(stdout io.Writer) *fakeHost {
	h := &fakeHost{stdout: stdout, started: make(chan struct{}, 1)}
	h.globals = starlark.StringDict{
		"fleet": h.fleet(),
		"help": starkit.NewFunc("help", "help(x) describes x.", []string{"x"},
			func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var x starlark.Value
				if err := starlark.UnpackPositionalArgs("help", args, kwargs, 1, &x); err != nil {
					return nil, err
				}
				fmt.Fprintln(h.stdout, h.Help(x))
				return starlark.None, nil
			}),
		"machine": starlarkstruct.FromStringDict(starlark.String("machine"), starlark.StringDict{
			"name":        starlark.String("arm-1"),
			"namespace":   starlark.String("lab"),
			"location_id": starlark.String("loc-1"),
		}),
	}
	return h
}

// fleet is a documented module of methods with parameter names.
func (h *fakeHost) fleet() *starkit.Module {
	method := func(name string, params []string, result starlark.Value) *starkit.Func {
		return starkit.NewFunc("fleet."+name, "fleet."+name+"(...) is a fake method.", params,
			func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				h.calls = append(h.calls, name)
				return result, nil
			})
	}
	location := starlark.NewDict(2)
	location.SetKey(starlark.String("id"), starlark.String("loc-1"))
	location.SetKey(starlark.String("name"), starlark.String("Lab"))
	return starkit.NewModule("fleet", "The fake fleet.", starlark.StringDict{
		"list_locations":            method("list_locations", []string{"org_id"}, starlark.NewList([]starlark.Value{location})),
		"list_organization_members": method("list_organization_members", []string{"org_id"}, starlark.None),
		"list_robots":               method("list_robots", []string{"location_id"}, starlark.NewList(nil)),
		"get_robot_part":            method("get_robot_part", []string{"robot_part_id", "dest", "indent"}, starlark.None),
		"update_robot_part_config":  method("update_robot_part_config", []string{"id", "name", "robot_config"}, starlark.None),
		"org_id":                    starlark.String("org-1"),
		"slow": starkit.NewFunc("fleet.slow", "fleet.slow() blocks until cancelled.", nil,
			func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				ctx := starkit.EnvOf(thread).Context()
				fmt.Fprintln(h.stdout, "slow: started")
				select {
				case h.started <- struct{}{}:
				default: // nobody is waiting (the pty helper)
				}
				<-ctx.Done()
				return nil, ctx.Err()
			}),
	})
}

// Exec runs src like runtime.Host.Exec does.
func (h *fakeHost) Exec(ctx context.Context, src string) (starlark.Value, error) {
	f, err := fakeFileOptions.Parse("<stdin>", src, 0)
	if err != nil {
		return nil, err
	}
	var last syntax.Expr
	if n := len(f.Stmts); n > 0 {
		if stmt, ok := f.Stmts[n-1].(*syntax.ExprStmt); ok {
			last, f.Stmts = stmt.X, f.Stmts[:n-1]
		}
	}
	env := &starkit.Env{Ctx: ctx, Stdout: h.stdout, Stderr: io.Discard}
	thread, stop := env.NewThread("repl")
	defer stop()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := starlark.ExecREPLChunk(f, thread, h.globals); err != nil {
		return nil, stopped(ctx, err)
	}
	if last == nil {
		return nil, nil
	}
	v, err := starlark.EvalExprOptions(fakeFileOptions, thread, last, h.globals)
	if err != nil {
		return nil, stopped(ctx, err)
	}
	if v != starlark.None {
		h.globals["_"] = v
	}
	return v, nil
}

// stopped reports a run stopped from outside by its context's cause, as
// runtime.Host does.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

func (h *fakeHost) Globals() starlark.StringDict {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := make(starlark.StringDict, len(h.globals))
	for k, v := range h.globals {
		d[k] = v
	}
	return d
}

func (h *fakeHost) Help(v starlark.Value) string {
	if d, ok := v.(starkit.Documented); ok {
		return d.Doc()
	}
	return fmt.Sprintf("%s value", v.Type())
}

// set binds a global, as a chunk run earlier would have.
func (h *fakeHost) set(name string, v starlark.Value) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.globals[name] = v
}
