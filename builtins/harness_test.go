package builtins_test

import (
	"bytes"
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	starlarkjson "go.starlark.net/lib/json"
	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/test/bufconn"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/runtime/sandbox"
	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// authConn adds the bearer token to every call, as runtime/conn does for
// real connections.
type authConn struct {
	cc    grpc.ClientConnInterface
	token string
}

var _ grpc.ClientConnInterface = (*authConn)(nil)

func (c *authConn) authorize(ctx context.Context) context.Context {
	if c.token == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+c.token)
}

func (c *authConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	return c.cc.Invoke(c.authorize(ctx), method, args, reply, opts...)
}

func (c *authConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return c.cc.NewStream(c.authorize(ctx), desc, method, opts...)
}

// countingConn records every RPC a fleet sends, unary and streams: the
// client-side interceptor that proves bad calls send nothing.
type countingConn struct {
	next grpc.ClientConnInterface

	mu    sync.Mutex
	calls []string // method names, in order
}

var _ grpc.ClientConnInterface = (*countingConn)(nil)

func (c *countingConn) record(method string) {
	c.mu.Lock()
	c.calls = append(c.calls, strings.TrimPrefix(method, "/viam.app.v1.AppService/"))
	c.mu.Unlock()
}

func (c *countingConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	c.record(method)
	return c.next.Invoke(ctx, method, args, reply, opts...)
}

func (c *countingConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	c.record(method)
	return c.next.NewStream(ctx, desc, method, opts...)
}

// Calls returns the RPCs sent so far and forgets them.
func (c *countingConn) Calls() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls
	c.calls = nil
	return calls
}

// harness runs Starlark against a fleet over conn.
type harness struct {
	t        testing.TB
	conn     *countingConn
	fleet    *builtins.Fleet
	env      *starkit.Env
	out      bytes.Buffer
	errOut   bytes.Buffer
	writeDir string
	readDir  string
	modules  starlark.StringDict // predeclared besides fleet
}

func newHarness(t testing.TB, cc grpc.ClientConnInterface, opts builtins.Options) *harness {
	t.Helper()
	h := &harness{t: t, conn: &countingConn{next: cc}, modules: starlark.StringDict{
		"time": starlarktime.Module,
		"json": starlarkjson.Module,
	}}
	h.fleet = builtins.New(h.conn, opts)
	h.writeDir, h.readDir = t.TempDir(), t.TempDir()
	write, err := sandbox.Open(h.writeDir, sandbox.Options{Role: "write"})
	if err != nil {
		t.Fatal(err)
	}
	read, err := sandbox.Open(h.readDir, sandbox.Options{Role: "read", MaxWrite: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { write.Close(); read.Close() })
	h.env = &starkit.Env{Ctx: context.Background(), Stdout: &h.out, Stderr: &h.errOut, Read: read, Write: write}
	return h
}

// fakeHarness serves srv in-process over bufconn.
func fakeHarness(t testing.TB, srv appv1.AppServiceServer, opts builtins.Options) *harness {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	gs := grpc.NewServer()
	appv1.RegisterAppServiceServer(gs, srv)
	go gs.Serve(lis)
	t.Cleanup(gs.Stop)
	cc, err := grpc.NewClient("passthrough:///fake",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return newHarness(t, cc, opts)
}

// exec runs src with fleet predeclared and returns its globals.
func (h *harness) exec(src string) (starlark.StringDict, error) {
	h.t.Helper()
	thread, stop := h.env.NewThread("test")
	defer stop()
	pre := starlark.StringDict{"fleet": h.fleet}
	for k, v := range h.modules {
		pre[k] = v
	}
	opts := &syntax.FileOptions{TopLevelControl: true, GlobalReassign: true, While: true, Set: true}
	return starlark.ExecFileOptions(opts, thread, "test.star", src, pre)
}

func (h *harness) mustExec(src string) starlark.StringDict {
	h.t.Helper()
	g, err := h.exec(src)
	if err != nil {
		h.t.Fatalf("script failed: %v\n%s", err, src)
	}
	return g
}

// eval evaluates one expression after running setup.
func (h *harness) eval(setup, expr string) starlark.Value {
	h.t.Helper()
	return h.mustExec(setup + "\n__result__ = " + expr)["__result__"]
}

// execErr runs src and returns its error message, failing if it succeeds.
func (h *harness) execErr(src string) string {
	h.t.Helper()
	_, err := h.exec(src)
	if err == nil {
		h.t.Fatalf("script succeeded, want an error:\n%s", src)
	}
	if ee, ok := err.(*starlark.EvalError); ok {
		return ee.Msg
	}
	return err.Error()
}
