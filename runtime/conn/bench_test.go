package conn

import (
	"context"
	"testing"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc/metadata"

	"github.com/fleetscript/fleetscript/localfleet"
)

// BenchmarkListOrganizations compares a call through Conn.CC (token,
// renewal and retry policy) with a raw gRPC client holding a token, on the
// same in-process local fleet: the policy should cost next to nothing.
func BenchmarkListOrganizations(b *testing.B) {
	ctx := context.Background()
	srv, err := localfleet.Open(ctx, localfleet.Options{Fixture: localfleet.DemoFixture()})
	if err != nil {
		b.Fatal(err)
	}
	c, err := connectLocal(ctx, srv)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	raw, err := srv.Dial(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	keyID, key, err := srv.LocalCredentials(ctx)
	if err != nil {
		b.Fatal(err)
	}
	auth, err := rpcpb.NewAuthServiceClient(raw).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		b.Fatal(err)
	}
	req := &apppb.ListOrganizationsRequest{}

	b.Run("raw", func(b *testing.B) {
		app := apppb.NewAppServiceClient(raw)
		authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+auth.GetAccessToken())
		b.ReportAllocs()
		for b.Loop() {
			if _, err := app.ListOrganizations(authed, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("conn", func(b *testing.B) {
		app := apppb.NewAppServiceClient(c.CC)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := app.ListOrganizations(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
