package runtime

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// stopBound is how soon after cancel a run must stop. It is generous: the
// point is that the run stops at all, not how fast.
const stopBound = time.Second

// slowServer is a real gRPC server, over bufconn, whose every method waits
// until the caller gives up. arrived is closed when the first call is in
// the handler.
func slowServer(t *testing.T) (cc *grpc.ClientConn, arrived <-chan struct{}) {
	t.Helper()
	lis := bufconn.Listen(1 << 16)
	in := make(chan struct{})
	var once sync.Once
	srv := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		once.Do(func() { close(in) })
		<-stream.Context().Done()
		return stream.Context().Err()
	}))
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	cc, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc, in
}

// slowRPC is a builtin that makes one RPC to cc under the run's per-call
// context, as fleet methods do.
func slowRPC(cc *grpc.ClientConn) *starkit.Func {
	return starkit.NewFunc("fleet.wait", "Waits on the server.", nil,
		func(thread *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			ctx, cancel := starkit.EnvOf(thread).CallContext()
			defer cancel()
			if err := cc.Invoke(ctx, "/test.Slow/Wait", &emptypb.Empty{}, &emptypb.Empty{}); err != nil {
				return nil, err
			}
			return starlark.None, nil
		})
}

// runUntilCancelled runs src, cancels it once ready is closed, and
// returns the run's error and how long it took to stop.
func runUntilCancelled(t *testing.T, h *testHost, src string, ready <-chan struct{}) (error, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.RunSnippet(ctx, src) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the script ended before it was cancelled: %v", FormatError(err))
	}
	cancel()
	at := time.Now()
	select {
	case err := <-done:
		return err, time.Since(at)
	case <-time.After(10 * time.Second):
		t.Fatal("the script did not stop after cancel")
		return nil, 0
	}
}

// printed is a writer that closes the returned channel when "started" is
// written to it.
func printed() (io.Writer, <-chan struct{}) {
	started := make(chan struct{})
	var once sync.Once
	return writerFunc(func(p []byte) (int, error) {
		if strings.Contains(string(p), "started") {
			once.Do(func() { close(started) })
		}
		return len(p), nil
	}), started
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestCancelStopsAScript(t *testing.T) {
	// setup returns the host options and the signal that the script is
	// where it should be cancelled: in its loop, or with its RPC in flight.
	loop := func(t *testing.T) (Options, <-chan struct{}) {
		out, started := printed()
		return Options{Stdout: out}, started
	}
	rpc := func(t *testing.T) (Options, <-chan struct{}) {
		cc, arrived := slowServer(t)
		return Options{Fleet: slowRPC(cc)}, arrived
	}
	tests := []struct {
		name  string
		setup func(t *testing.T) (Options, <-chan struct{})
		src   string
		trace string // where the run was stopped
	}{
		{
			name:  "infinite loop",
			setup: loop,
			src:   "i = 0\nwhile True:\n    i += 1\n    if i == 1000:\n        print(\"started\")",
			trace: "in <toplevel>",
		},
		{
			name:  "blocked in an RPC",
			setup: rpc,
			src:   "fleet()",
			trace: "<command-line>:1:6: in <toplevel>",
		},
		{
			name:  "blocked in an RPC inside parallel.map",
			setup: rpc,
			src:   "parallel.map(lambda _: fleet(), range(4), workers=2)",
			trace: "<command-line>:1:13: in <toplevel>",
		},
		{
			name:  "blocked in an RPC inside catch",
			setup: rpc,
			src:   "catch(fleet)\nprint(\"after\")",
			trace: "<command-line>:1:6: in <toplevel>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, ready := tt.setup(t)
			h := newTestHost(t, opts, nil)
			err, took := runUntilCancelled(t, h, tt.src, ready)
			if took > stopBound {
				t.Errorf("stopped %v after cancel, want within %v", took, stopBound)
			}
			got := FormatError(err)
			if !strings.HasPrefix(got, "cancelled\nTraceback (most recent call last):\n") || !strings.Contains(got, tt.trace) {
				t.Errorf("got\n%s\nwant \"cancelled\" and a trace through %s", got, tt.trace)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
			}
			if strings.Contains(h.out.String(), "after") {
				t.Error("the script went on after cancel")
			}
		})
	}
}

func TestTimeoutMessageSaysHowLong(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := h.RunSnippet(ctx, "while True:\n    pass")
	if got := err.Error(); !strings.HasPrefix(got, "timed out after ") {
		t.Errorf("got %q, want \"timed out after ...\"", got)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) = false for %v", err)
	}
}

// WithTimeout's message is the duration given, however long before the
// run the clock started (a command opens the fleet first).
func TestWithTimeoutSaysTheDurationGiven(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	ctx, cancel := WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	<-ctx.Done() // the whole bound spent before the run starts
	err := h.RunSnippet(ctx, "x = 1")
	if err == nil || err.Error() != "timed out after 20ms" {
		t.Errorf("got %v, want \"timed out after 20ms\"", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) = false for %v", err)
	}
	unbounded, cancel := WithTimeout(context.Background(), 0)
	defer cancel()
	if _, ok := unbounded.Deadline(); ok {
		t.Error("WithTimeout(ctx, 0) set a deadline; want none")
	}
}

// The deadline is set a moment before the run starts; the message rounds
// that moment away.
func TestStopMessage(t *testing.T) {
	expired := func(d time.Duration) (context.Context, time.Time) {
		deadline := time.Now().Add(-time.Millisecond)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		t.Cleanup(cancel)
		return ctx, deadline.Add(-d)
	}
	tests := []struct {
		name  string
		after time.Duration // from the run's start to the deadline
		want  string
	}{
		{"seconds", 5*time.Second - 3*time.Millisecond, "timed out after 5s"},
		{"minutes", 2*time.Minute - 40*time.Millisecond, "timed out after 2m0s"},
		{"milliseconds", 250*time.Millisecond - 20*time.Microsecond, "timed out after 250ms"},
	}
	for _, tt := range tests {
		ctx, start := expired(tt.after)
		if got := stopMessage(ctx, start); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := stopMessage(ctx, time.Now()); got != "cancelled" {
		t.Errorf("cancelled: got %q", got)
	}
}

func TestCancelCauseIsTheMessage(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("interrupted by the user")
	cancel(cause)
	err := h.RunSnippet(ctx, "x = 1")
	if err == nil || err.Error() != "interrupted by the user" || !errors.Is(err, cause) {
		t.Errorf("got %v, want the cause", err)
	}
}

func TestStepLimit(t *testing.T) {
	h := newTestHost(t, Options{MaxSteps: 1000}, nil)
	_, got := h.run(t, "def spin():\n    while True:\n        pass\nspin()")
	// (A while loop's jumps carry no position, so the innermost frame's
	// column is not asserted.)
	wantPrefix := "Starlark computation cancelled: step limit of 1000 exceeded\nTraceback (most recent call last):\n  <command-line>:4:5: in <toplevel>\n  <command-line>:"
	if !strings.HasPrefix(got, wantPrefix) || !strings.HasSuffix(got, ": in spin") {
		t.Errorf("got\n%s\nwant\n%s...: in spin", got, wantPrefix)
	}
	// The limit is per run: a short script still runs after that.
	if out, errText := h.run(t, `print("fine")`); errText != "" || out != "fine\n" {
		t.Errorf("next run: got (%q, %q)", out, errText)
	}
}

// The per-call deadline fails the call, not the run: catch sees it.
func TestCallTimeout(t *testing.T) {
	cc, _ := slowServer(t)
	h := newTestHost(t, Options{Fleet: slowRPC(cc), CallTimeout: 20 * time.Millisecond}, nil)
	out, errText := h.run(t, `r = catch(fleet); print(r.error.code); fleet()`)
	if out != "DEADLINE_EXCEEDED\n" {
		t.Errorf("caught code: printed %q, want DEADLINE_EXCEEDED", out)
	}
	if !strings.HasPrefix(errText, "fleet.wait: rpc error: code = DeadlineExceeded") {
		t.Errorf("uncaught: got %q, want the call's deadline error", errText)
	}
}
