package localfleet

import (
	"net"
	"strings"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
)

func TestAuthenticate(t *testing.T) {
	f := demoFleet(t)
	keyID, key, err := f.srv.LocalCredentials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	auth := rpcpb.NewAuthServiceClient(f.cc)
	tests := []struct {
		name string
		ctx  func() (req *rpcpb.AuthenticateRequest, md metadata.MD)
		code codes.Code
		msg  string
	}{
		{"ok", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key}}, nil
		}, codes.OK, ""},
		{"wrong secret", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key + "x"}}, nil
		}, codes.Unauthenticated, "invalid credentials"},
		{"unknown key", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: unknownUUID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key}}, nil
		}, codes.Unauthenticated, "invalid credentials"},
		{"no credentials", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: keyID}, nil
		}, codes.InvalidArgument, "credentials are required"},
		{"other type", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: keyID, Credentials: &rpcpb.Credentials{Type: "robot-secret", Payload: key}}, nil
		}, codes.InvalidArgument, `credential type "robot-secret"`},
		{"empty entity", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key}}, nil
		}, codes.InvalidArgument, "entity"},
		{"already authenticated", func() (*rpcpb.AuthenticateRequest, metadata.MD) {
			return &rpcpb.AuthenticateRequest{Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key}},
				metadata.Pairs("authorization", "Bearer x")
		}, codes.InvalidArgument, "already authenticated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, md := tt.ctx()
			c := ctx
			if md != nil {
				c = metadata.NewOutgoingContext(ctx, md)
			}
			resp, err := auth.Authenticate(c, req)
			if tt.code == codes.OK {
				if err != nil || strings.Count(resp.GetAccessToken(), ".") != 2 {
					t.Fatalf("Authenticate = %v, %v; want a JWT", resp, err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestBearerTokenRequired(t *testing.T) {
	f := demoFleet(t)
	keyID, key, _ := f.srv.LocalCredentials(ctx)
	good := f.token(keyID, key)
	raw := apppb.NewAppServiceClient(f.cc)
	tampered := good[:len(good)-2] + "AA"
	if tampered == good {
		tampered = good[:len(good)-2] + "BB"
	}
	tests := []struct {
		name string
		md   metadata.MD
		msg  string
	}{
		{"missing", nil, "authentication required"},
		{"not bearer", metadata.Pairs("authorization", good), "Bearer"},
		{"garbage", metadata.Pairs("authorization", "Bearer nonsense"), "malformed"},
		{"bad signature", metadata.Pairs("authorization", "Bearer "+tampered), "signature"},
		{"two headers", metadata.Pairs("authorization", "Bearer "+good, "authorization", "Bearer "+good), "authentication required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ctx
			if tt.md != nil {
				c = metadata.NewOutgoingContext(ctx, tt.md)
			}
			_, err := raw.ListOrganizations(c, &apppb.ListOrganizationsRequest{})
			wantCode(t, err, codes.Unauthenticated, tt.msg)
			// Streams are guarded the same way.
			stream, err := raw.TailRobotPartLogs(c, &apppb.TailRobotPartLogsRequest{Id: unknownUUID})
			if err == nil {
				_, err = stream.Recv()
			}
			wantCode(t, err, codes.Unauthenticated, "")
		})
	}
	c := metadata.NewOutgoingContext(ctx, metadata.Pairs("authorization", "Bearer "+good))
	if _, err := raw.ListOrganizations(c, &apppb.ListOrganizationsRequest{}); err != nil {
		t.Fatalf("with a good token: %v", err)
	}
}

func TestTokenExpires(t *testing.T) {
	// A TTL below a second makes tokens expire as they are issued (JWT times
	// are whole seconds): no sleeping needed.
	f := openTestFleetNoLogin(t, Options{TokenTTL: time.Nanosecond})
	keyID, key, _ := f.srv.LocalCredentials(ctx)
	c := metadata.NewOutgoingContext(ctx, metadata.Pairs("authorization", "Bearer "+f.token(keyID, key)))
	_, err := apppb.NewAppServiceClient(f.cc).ListOrganizations(c, &apppb.ListOrganizationsRequest{})
	wantCode(t, err, codes.Unauthenticated, "expired")
}

func TestDeletedKeyLosesAccess(t *testing.T) {
	f := demoFleet(t)
	client, id := f.keyWith(f.auth("owner", "organization", f.orgID))
	if _, err := client.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.DeleteKey(ctx, &apppb.DeleteKeyRequest{Id: id}); err != nil {
		t.Fatal(err)
	}
	_, err := client.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	wantCode(t, err, codes.Unauthenticated, "no longer exists")
}

// TestUnservedRPCIsUnimplemented: a method the server does not know (a
// newer API's, say) is Unimplemented, naming it.
func TestUnservedRPCIsUnimplemented(t *testing.T) {
	f := demoFleet(t)
	err := f.cc.Invoke(ctx, "/viam.app.v1.AppService/NoSuchMethod", &apppb.GetRobotRequest{}, &apppb.GetRobotResponse{})
	wantCode(t, err, codes.Unimplemented, "NoSuchMethod")
}

func TestHealthNeedsNoToken(t *testing.T) {
	f := demoFleet(t)
	resp, err := healthpb.NewHealthClient(f.cc).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || resp.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("Check = %v, %v", resp, err)
	}
}

// TestPlainGRPCClientOverTCP logs in and calls AppService the way any
// client written from the protos would: plaintext loopback TCP, Authenticate,
// then a Bearer header. Nothing of this package is used beyond Open/Serve.
func TestPlainGRPCClientOverTCP(t *testing.T) {
	srv, err := Open(ctx, Options{Fixture: DemoFixture()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	keyID, key, ok := srv.BootstrapKey()
	if !ok {
		t.Fatal("no bootstrap key for a new database")
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()

	cc, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	login, err := rpcpb.NewAuthServiceClient(cc).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	call := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+login.AccessToken)
	orgs, err := apppb.NewAppServiceClient(cc).ListOrganizations(call, &apppb.ListOrganizationsRequest{})
	if err != nil {
		t.Fatalf("ListOrganizations: %v", err)
	}
	if len(orgs.Organizations) != 1 || orgs.Organizations[0].Name != "Demo Robotics" {
		t.Fatalf("ListOrganizations = %v", orgs)
	}
	srv.GracefulStop()
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
