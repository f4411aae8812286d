package conn

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// fakeFleet is a small AppService + AuthService on loopback: it issues
// tokens for one API key, checks the Bearer header on every AppService
// call, and can expire tokens or fail calls with Unavailable on demand.
type fakeFleet struct {
	apppb.UnimplementedAppServiceServer
	rpcpb.UnimplementedAuthServiceServer

	keyID, key string
	addr       string

	mu          sync.Mutex
	valid       map[string]bool // tokens currently accepted
	logins      int
	calls       map[string]int // by RPC name, including refused tries
	unavailable map[string]int // RPC name -> tries still to fail Unavailable
	authHeaders []string       // authorization headers seen, in order
}

func startFakeFleet(t *testing.T, keyID, key string) *fakeFleet {
	t.Helper()
	f := &fakeFleet{keyID: keyID, key: key, valid: map[string]bool{}, calls: map[string]int{}, unavailable: map[string]int{}}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.UnaryInterceptor(f.unaryGate), grpc.StreamInterceptor(f.streamGate))
	apppb.RegisterAppServiceServer(srv, f)
	rpcpb.RegisterAuthServiceServer(srv, f)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	f.addr = lis.Addr().String()
	return f
}

// url is the plaintext loopback --app-url of the server.
func (f *fakeFleet) url() string { return "http://" + f.addr }

// acceptToken makes tok valid, as if the server had issued it.
func (f *fakeFleet) acceptToken(tok string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.valid[tok] = true
}

// expireTokens forgets every token issued, as a short TTL would.
func (f *fakeFleet) expireTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.valid = map[string]bool{}
}

func (f *fakeFleet) failUnavailable(rpc string, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unavailable[rpc] = times
}

func (f *fakeFleet) count(rpc string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[rpc]
}

func (f *fakeFleet) loginCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.logins
}

// gate counts the call, injects Unavailable, and checks the token of
// AppService calls.
func (f *fakeFleet) gate(ctx context.Context, fullMethod string) error {
	rpc := fullMethod[strings.LastIndexByte(fullMethod, '/')+1:]
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[rpc]++
	if f.unavailable[rpc] > 0 {
		f.unavailable[rpc]--
		return status.Error(codes.Unavailable, "injected outage")
	}
	auth := md.Get("authorization")
	f.authHeaders = append(f.authHeaders, strings.Join(auth, ","))
	if strings.HasPrefix(fullMethod, "/proto.rpc.v1.AuthService/") {
		if len(auth) > 0 {
			return status.Error(codes.InvalidArgument, "already authenticated; cannot re-authenticate")
		}
		return nil
	}
	if len(auth) != 1 || !strings.HasPrefix(auth[0], "Bearer ") || !f.valid[strings.TrimPrefix(auth[0], "Bearer ")] {
		return status.Error(codes.Unauthenticated, "authentication required")
	}
	return nil
}

func (f *fakeFleet) unaryGate(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if err := f.gate(ctx, info.FullMethod); err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (f *fakeFleet) streamGate(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if err := f.gate(ss.Context(), info.FullMethod); err != nil {
		return err
	}
	return handler(srv, ss)
}

func (f *fakeFleet) Authenticate(_ context.Context, req *rpcpb.AuthenticateRequest) (*rpcpb.AuthenticateResponse, error) {
	if req.GetCredentials().GetType() != "api-key" {
		return nil, status.Errorf(codes.InvalidArgument, "do not know how to handle credential type %q", req.GetCredentials().GetType())
	}
	if req.GetEntity() != f.keyID || req.GetCredentials().GetPayload() != f.key {
		return nil, status.Error(codes.Unauthenticated, "invalid credentials")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logins++
	tok := fmt.Sprintf("token-%d", f.logins)
	f.valid[tok] = true
	return &rpcpb.AuthenticateResponse{AccessToken: tok}, nil
}

func (f *fakeFleet) ListOrganizations(context.Context, *apppb.ListOrganizationsRequest) (*apppb.ListOrganizationsResponse, error) {
	return &apppb.ListOrganizationsResponse{Organizations: []*apppb.Organization{{Id: "org-1", Name: "Acme"}}}, nil
}

func (f *fakeFleet) CreateLocation(_ context.Context, req *apppb.CreateLocationRequest) (*apppb.CreateLocationResponse, error) {
	return &apppb.CreateLocationResponse{Location: &apppb.Location{Id: "loc-1", Name: req.GetName()}}, nil
}

// TailRobotPartLogs sends two batches, then ends.
func (f *fakeFleet) TailRobotPartLogs(req *apppb.TailRobotPartLogsRequest, stream apppb.AppService_TailRobotPartLogsServer) error {
	for range 2 {
		if err := stream.Send(&apppb.TailRobotPartLogsResponse{}); err != nil {
			return err
		}
	}
	return nil
}

// UploadModuleFile counts the chunks it receives.
func (f *fakeFleet) UploadModuleFile(stream apppb.AppService_UploadModuleFileServer) error {
	n := 0
	for {
		_, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&apppb.UploadModuleFileResponse{Url: fmt.Sprintf("chunks:%d", n)})
		}
		if err != nil {
			return err
		}
		n++
	}
}
