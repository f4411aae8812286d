package stdlib

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestParallelMap(t *testing.T) {
	runScriptCases(t, []scriptCase{
		{name: "results in input order", src: `print(parallel.map(lambda x: x * x, range(20), workers=3))`,
			want: "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361]"},
		{name: "default workers", src: `print(parallel.map(str, [1, 2]))`, want: `["1", "2"]`},
		{name: "more workers than items", src: `print(parallel.map(str, [1], workers=100))`, want: `["1"]`},
		{name: "no items", src: `print(parallel.map(str, []))`, want: "[]"},
		{name: "any iterable", src: `print(parallel.map(len, {"ab": 1, "c": 2}))`, want: "[2, 1]"},
		{name: "inputs are frozen", src: `parallel.map(lambda l: l.append(1), [[1]])`,
			wantErr: "append: cannot append to frozen list"},
		{name: "inputs stay frozen for the caller", src: "items = [[1]]\nparallel.map(len, items)\nitems[0].append(2)",
			wantErr: "append: cannot append to frozen list"},
		{name: "results are the caller's to change", src: "r = parallel.map(lambda x: [x], [1])\nr[0].append(2)\nprint(r)", want: "[[1, 2]]"},
		{name: "workers must be positive", src: `parallel.map(str, [1], workers=0)`,
			wantErr: "parallel.map: workers: want at least 1, got 0"},
		{name: "fn must be callable", src: `parallel.map(1, [1])`,
			wantErr: "parallel.map: for parameter fn: got int, want callable"},
		{name: "first error stops the map", src: "def f(x):\n    if x == 3:\n        fail(\"three\")\n    return x\nparallel.map(f, range(10), workers=1)",
			wantErr: "fail: three"},
		{name: "print from workers", src: `parallel.map(print, ["a"])`, want: "a"},
	}, nil)
}

// A failing worker's error keeps the caller's frames and the worker's.
func TestParallelMapBacktrace(t *testing.T) {
	src := "def work(x):\n    if x == 2:\n        fail(\"bad\")\n    return x\ndef run():\n    return parallel.map(work, range(5))\nrun()\n"
	_, err := runScript(context.Background(), src, nil)
	var got []string
	for _, fr := range starkit.ErrorFrames(err) {
		got = append(got, fmt.Sprintf("%s %s", fr.Pos, fr.Name))
	}
	want := []string{"test.star:7:4 <toplevel>", "test.star:6:24 run", "test.star:3:13 work"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("frames %q, want %q", got, want)
	}
}

// barrier releases its callers n at a time; a call that waits too long
// fails, so a map that does not run n calls at once fails instead of
// hanging.
type barrier struct {
	n      int
	mu     sync.Mutex
	count  int
	gate   chan struct{}
	active atomic.Int32
	peak   atomic.Int32
}

func newBarrier(n int) *barrier { return &barrier{n: n, gate: make(chan struct{})} }

func (b *barrier) builtin() starlark.Value {
	return starkit.NewFunc("barrier", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		active := b.active.Add(1)
		defer b.active.Add(-1)
		for {
			peak := b.peak.Load()
			if active <= peak || b.peak.CompareAndSwap(peak, active) {
				break
			}
		}
		b.mu.Lock()
		gate := b.gate
		b.count++
		if b.count%b.n == 0 {
			close(b.gate)
			b.gate = make(chan struct{})
		}
		b.mu.Unlock()
		select {
		case <-gate:
			return starlark.None, nil
		case <-time.After(10 * time.Second):
			return nil, errors.New("not enough calls ran at once")
		}
	})
}

func TestParallelMapRunsWorkersAtOnce(t *testing.T) {
	const workers = 3
	b := newBarrier(workers)
	_, err := runScript(context.Background(), `parallel.map(lambda _: barrier(), range(9), workers=3)`,
		starlark.StringDict{"barrier": b.builtin()})
	if err != nil {
		t.Fatal(starkit.ErrorMessage(err))
	}
	if peak := b.peak.Load(); peak != workers {
		t.Errorf("at most %d calls ran at once, want exactly %d", peak, workers)
	}
}

// blocker's block() waits for the run's context, as an RPC in flight
// does; waiting(n) returns once n calls are blocked.
type blocker struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced when blocked changes
	blocked int
	stopped atomic.Int32
}

func newBlocker() *blocker { return &blocker{changed: make(chan struct{})} }

func (b *blocker) builtins() starlark.StringDict {
	block := starkit.NewFunc("block", "", nil, func(thread *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		ctx, cancel := starkit.EnvOf(thread).CallContext()
		defer cancel()
		b.mu.Lock()
		b.blocked++
		close(b.changed)
		b.changed = make(chan struct{})
		b.mu.Unlock()
		<-ctx.Done()
		b.stopped.Add(1)
		return nil, ctx.Err()
	})
	waiting := starkit.NewFunc("waiting", "", nil, func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var n int
		if err := starlark.UnpackPositionalArgs("waiting", args, kwargs, 1, &n); err != nil {
			return nil, err
		}
		return starlark.None, b.wait(n)
	})
	return starlark.StringDict{"block": block, "waiting": waiting}
}

func (b *blocker) wait(n int) error {
	for {
		b.mu.Lock()
		blocked, changed := b.blocked, b.changed
		b.mu.Unlock()
		if blocked >= n {
			return nil
		}
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			return fmt.Errorf("only %d calls blocked, want %d", blocked, n)
		}
	}
}

// runStopping runs src in the background and returns its error, failing
// the test if it has not finished after a generous while.
func runStopping(t *testing.T, ctx context.Context, src string, extra starlark.StringDict, afterStart func()) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := runScript(ctx, src, extra)
		done <- err
	}()
	if afterStart != nil {
		afterStart()
	}
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("parallel.map did not stop")
		return nil
	}
}

func TestParallelMapFirstErrorCancelsTheRest(t *testing.T) {
	b := newBlocker()
	src := "def f(x):\n    if x == 3:\n        waiting(3)\n        fail(\"fourth\")\n    return block()\nparallel.map(f, range(4), workers=4)"
	err := runStopping(t, context.Background(), src, b.builtins(), nil)
	if got := starkit.ErrorMessage(err); got != "fail: fourth" {
		t.Errorf("error %q, want the failure, not the cancellations it caused", got)
	}
	if n := b.stopped.Load(); n != 3 {
		t.Errorf("%d blocked calls were stopped, want 3", n)
	}
}

func TestParallelMapStopsWhenTheRunIsCancelled(t *testing.T) {
	b := newBlocker()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := runStopping(t, ctx, `parallel.map(lambda _: block(), range(10), workers=2)`,
		b.builtins(),
		func() {
			if err := b.wait(2); err != nil {
				t.Error(err)
			}
			cancel()
		})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if n := b.stopped.Load(); n != 2 {
		t.Errorf("%d blocked calls were stopped, want 2 (one per worker)", n)
	}
}

// A panic in a call (a faulty builtin) becomes the map's error instead of
// ending the program.
func TestParallelMapRecoversPanics(t *testing.T) {
	boom := starkit.NewFunc("boom", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		panic("broken builtin")
	})
	_, err := runScript(context.Background(), `parallel.map(lambda x: boom(), [7])`, starlark.StringDict{"boom": boom})
	if got, want := starkit.ErrorMessage(err), "parallel.map: lambda panicked on 7: broken builtin"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}
