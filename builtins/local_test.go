package builtins_test

import (
	"context"
	"testing"

	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// localFleet opens an in-process local fleet (the demo fixture unless opts
// names another, deterministic) and returns an authenticated connection
// to it.
func localFleet(t testing.TB, opts localfleet.Options) (*localfleet.Server, *authConn) {
	t.Helper()
	ctx := context.Background()
	if opts.Fixture == nil {
		opts.Fixture = localfleet.DemoFixture()
	}
	opts.Deterministic = true
	srv, err := localfleet.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open local fleet: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	cc, err := srv.Dial(ctx)
	if err != nil {
		t.Fatalf("dial local fleet: %v", err)
	}
	t.Cleanup(func() { cc.Close() })
	keyID, key, err := srv.LocalCredentials(ctx)
	if err != nil {
		t.Fatalf("local credentials: %v", err)
	}
	return srv, login(t, cc, keyID, key)
}

// login authenticates with an API key on cc.
func login(t testing.TB, cc grpc.ClientConnInterface, keyID, key string) *authConn {
	t.Helper()
	resp, err := rpcpb.NewAuthServiceClient(cc).Authenticate(context.Background(), &rpcpb.AuthenticateRequest{
		Entity:      keyID,
		Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return &authConn{cc: cc, token: resp.GetAccessToken()}
}

// localHarness runs scripts against a fresh demo fleet.
func localHarness(t testing.TB) (*harness, *localfleet.Server) {
	t.Helper()
	srv, conn := localFleet(t, localfleet.Options{})
	h := newHarness(t, conn, builtins.Options{})
	return h, srv
}
