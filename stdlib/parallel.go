package stdlib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func init() {
	register("parallel", starkit.NewModule("parallel", parallelDoc, starlark.StringDict{
		"map": starkit.NewFunc("parallel.map", parallelMapDoc, []string{"fn", "items", "workers"}, parallelMap),
	}))
}

const (
	parallelDoc = `parallel: run a function over many items at once (one RPC per machine,
say).`
	parallelMapDoc = `parallel.map(fn, items, workers=8)

Calls fn(item) for each item, at most workers calls at a time, each on its
own thread, and returns the results as a list in the order of items.

fn and items are frozen first. fn must not change globals it shares with
the rest of the script (several calls run at once): return values instead
and combine them after the map. The first call that fails cancels the
others (and their RPCs) and its error stops the script, with a backtrace
through both the caller and fn.

  parts = parallel.map(fleet.get_robot_parts, [m.id for m in machines])`
)

// defaultWorkers is parallel.map's default concurrency: enough to hide RPC
// latency without flooding the server.
const defaultWorkers = 8

func parallelMap(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		fn      starlark.Callable
		items   starlark.Iterable
		workers = defaultWorkers
	)
	if err := starlark.UnpackArgs("parallel.map", args, kwargs, "fn", &fn, "items", &items, "workers?", &workers); err != nil {
		return nil, err
	}
	if workers < 1 {
		return nil, fmt.Errorf("workers: want at least 1, got %d", workers)
	}
	inputs := collect(items)
	fn.Freeze()
	for _, x := range inputs {
		x.Freeze()
	}
	results, err := runParallel(starkit.EnvOf(thread), fn, inputs, workers)
	if err != nil {
		return nil, err
	}
	return starlark.NewList(results), nil
}

func collect(items starlark.Iterable) []starlark.Value {
	var out []starlark.Value
	if n := starlark.Len(items); n > 0 {
		out = make([]starlark.Value, 0, n)
	}
	it := items.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		out = append(out, x)
	}
	return out
}

// runParallel calls fn over inputs on at most workers goroutines, each with
// its own thread bound to a copy of env whose context is cancelled on the
// first failure. It returns once every goroutine has finished.
func runParallel(env *starkit.Env, fn starlark.Callable, inputs []starlark.Value, workers int) ([]starlark.Value, error) {
	ctx, cancel := context.WithCancelCause(env.Context())
	defer cancel(nil)
	workerEnv := *env
	workerEnv.Ctx = ctx
	workerEnv.Stdout = &syncWriter{w: env.Stdout}
	workerEnv.Stderr = &syncWriter{w: env.Stderr}

	var (
		results  = make([]starlark.Value, len(inputs))
		next     = make(chan int)
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel(errParallelFailed)
		}
	}
	for w := range min(workers, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			thread, stop := workerEnv.NewThread(fmt.Sprintf("parallel.map worker %d", w))
			defer stop()
			for i := range next {
				v, err := callRecovering(thread, fn, inputs[i])
				if err != nil {
					fail(err)
					return
				}
				results[i] = v
			}
		}()
	}
feed:
	for i := range inputs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()

	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, errParallelFailed) {
		// The caller's run was cancelled: report that, not the failure it
		// caused in whichever call noticed first.
		return nil, cause
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return results, nil
}

// callRecovering calls fn(x), turning a panic into an error: a panic on a
// worker goroutine would otherwise end the whole program. (Go values
// behind builtins, or a script that mutates a global from several workers
// at once, are how one could happen.)
func callRecovering(thread *starlark.Thread, fn starlark.Callable, x starlark.Value) (v starlark.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked on %s: %v", fn.Name(), x.String(), p)
		}
	}()
	return starlark.Call(thread, fn, starlark.Tuple{x}, nil)
}

// errParallelFailed is the cause with which a failed call cancels the
// other calls of the same parallel.map.
var errParallelFailed = errors.New("another call of parallel.map failed")

// syncWriter serialises the workers' writes to a shared writer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
