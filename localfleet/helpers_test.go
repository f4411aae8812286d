package localfleet

import (
	"context"
	"net"
	"strings"
	"testing"

	apppb "go.viam.com/api/app/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// bearer attaches an access token to every call.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return false }

// testFleet is a fleet opened for one test with an owner client.
type testFleet struct {
	t     *testing.T
	srv   *Server
	cc    *grpc.ClientConn
	app   apppb.AppServiceClient // authenticated as the owner key (tests)
	orgID string

	tokenCtx context.Context // carries the owner's token (benchmarks)
}

func openTestFleet(t *testing.T, opts Options) *testFleet {
	t.Helper()
	ctx := context.Background()
	srv, err := Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	cc, err := srv.Dial(ctx)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { cc.Close() })
	id, key, err := srv.LocalCredentials(ctx)
	if err != nil {
		t.Fatalf("LocalCredentials: %v", err)
	}
	f := &testFleet{t: t, srv: srv, cc: cc}
	f.app = f.client(id, key)
	orgs, err := f.app.ListOrganizations(ctx, &apppb.ListOrganizationsRequest{})
	if err != nil || len(orgs.Organizations) == 0 {
		t.Fatalf("ListOrganizations: %v, %v", orgs, err)
	}
	f.orgID = orgs.Organizations[0].Id
	return f
}

// demoFleet opens an in-memory deterministic demo fleet.
func demoFleet(t *testing.T) *testFleet {
	return openTestFleet(t, Options{Fixture: DemoFixture(), Deterministic: true, Seed: 1})
}

// token logs in with a key and returns the access token.
func (f *testFleet) token(keyID, key string) string {
	f.t.Helper()
	resp, err := rpcpb.NewAuthServiceClient(f.cc).Authenticate(context.Background(), &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		f.t.Fatalf("Authenticate(%s): %v", keyID, err)
	}
	return resp.AccessToken
}

// client returns an AppService client authenticated as the key, on its own
// connection.
func (f *testFleet) client(keyID, key string) apppb.AppServiceClient {
	f.t.Helper()
	cc, err := grpc.NewClient("passthrough:///localfleet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return f.srv.buf.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(bearer(f.token(keyID, key))),
	)
	if err != nil {
		f.t.Fatalf("client: %v", err)
	}
	f.t.Cleanup(func() { cc.Close() })
	return apppb.NewAppServiceClient(cc)
}

// wantCode fails unless err has the code (and, if non-empty, contains msg).
func wantCode(t *testing.T, err error, code codes.Code, msg string) {
	t.Helper()
	if status.Code(err) != code {
		t.Fatalf("got %v, want code %v", err, code)
	}
	if msg != "" && !strings.Contains(status.Convert(err).Message(), msg) {
		t.Fatalf("got message %q, want it to contain %q", status.Convert(err).Message(), msg)
	}
}

var ctx = context.Background()

// errorCase is a call that must fail with code, its message containing msg.
type errorCase struct {
	name string
	call func() error
	code codes.Code
	msg  string
}

// runErrorCases runs each case as a subtest.
func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), tt.code, tt.msg) })
	}
}

// locationID returns the id of the location with that name.
func (f *testFleet) locationID(name string) string {
	f.t.Helper()
	resp, err := f.app.ListLocations(ctx, &apppb.ListLocationsRequest{OrganizationId: f.orgID})
	if err != nil {
		f.t.Fatalf("ListLocations: %v", err)
	}
	for _, l := range resp.Locations {
		if l.Name == name {
			return l.Id
		}
	}
	f.t.Fatalf("no location %q", name)
	return ""
}

// robot returns the machine with that name in the named location.
func (f *testFleet) robot(location, name string) *apppb.Robot {
	f.t.Helper()
	resp, err := f.app.ListRobots(ctx, &apppb.ListRobotsRequest{LocationId: f.locationID(location)})
	if err != nil {
		f.t.Fatalf("ListRobots: %v", err)
	}
	for _, r := range resp.Robots {
		if r.Name == name {
			return r
		}
	}
	f.t.Fatalf("no machine %q in %q", name, location)
	return nil
}

// fragmentID returns the id of the test organization's fragment with that
// name.
func (f *testFleet) fragmentID(name string) string {
	f.t.Helper()
	list, err := f.app.ListFragments(ctx, &apppb.ListFragmentsRequest{OrganizationId: f.orgID})
	if err != nil {
		f.t.Fatalf("ListFragments: %v", err)
	}
	for _, fr := range list.Fragments {
		if fr.Name == name {
			return fr.Id
		}
	}
	f.t.Fatalf("no fragment %q", name)
	return ""
}

// parts returns a machine's parts, main first.
func (f *testFleet) parts(robotID string) []*apppb.RobotPart {
	f.t.Helper()
	resp, err := f.app.GetRobotParts(ctx, &apppb.GetRobotPartsRequest{RobotId: robotID})
	if err != nil {
		f.t.Fatalf("GetRobotParts: %v", err)
	}
	return resp.Parts
}

// keyWith creates a key holding the grants and returns a client using it
// and the key's id.
func (f *testFleet) keyWith(auths ...*apppb.Authorization) (apppb.AppServiceClient, string) {
	f.t.Helper()
	resp, err := f.app.CreateKey(ctx, &apppb.CreateKeyRequest{Authorizations: auths, Name: "test-key"})
	if err != nil {
		f.t.Fatalf("CreateKey: %v", err)
	}
	return f.client(resp.Id, resp.Key), resp.Id
}

// auth builds an Authorization of a role on a resource in the test org.
func (f *testFleet) auth(role, resourceType, resourceID string) *apppb.Authorization {
	return &apppb.Authorization{
		AuthorizationType: "role",
		AuthorizationId:   resourceType + "_" + role,
		ResourceType:      resourceType,
		ResourceId:        resourceID,
		OrganizationId:    f.orgID,
		IdentityType:      "api-key",
	}
}

// newRobot creates a machine in the location and returns its id.
func (f *testFleet) newRobot(locationID, name string) string {
	f.t.Helper()
	resp, err := f.app.NewRobot(ctx, &apppb.NewRobotRequest{Name: name, Location: locationID})
	if err != nil {
		f.t.Fatalf("NewRobot(%q): %v", name, err)
	}
	return resp.Id
}

// ownedOrg creates an organization owned by the test's owner key.
func (f *testFleet) ownedOrg(name string) *apppb.Organization {
	f.t.Helper()
	resp, err := f.app.CreateOrganization(ctx, &apppb.CreateOrganizationRequest{Name: name})
	if err != nil {
		f.t.Fatalf("CreateOrganization(%q): %v", name, err)
	}
	return resp.Organization
}

// orgKey creates a key holding a role on a whole organization.
func (f *testFleet) orgKey(role, orgID string) apppb.AppServiceClient {
	f.t.Helper()
	a := f.auth(role, "organization", orgID)
	a.OrganizationId = orgID
	c, _ := f.keyWith(a)
	return c
}

// newLocation creates a top-level location in the organization and
// returns its id.
func (f *testFleet) newLocation(orgID, name string) string {
	f.t.Helper()
	resp, err := f.app.CreateLocation(ctx, &apppb.CreateLocationRequest{OrganizationId: orgID, Name: name})
	if err != nil {
		f.t.Fatalf("CreateLocation(%q): %v", name, err)
	}
	return resp.Location.Id
}

const (
	unknownUUID     = "00000000-0000-4000-8000-000000000000"
	unknownLocation = "zzzzzzzzzz"
)

// openTestFleetNoLogin opens a fleet and an unauthenticated connection.
func openTestFleetNoLogin(t *testing.T, opts Options) *testFleet {
	t.Helper()
	srv, err := Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	cc, err := srv.Dial(ctx)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { cc.Close() })
	return &testFleet{t: t, srv: srv, cc: cc}
}

// bearerCtx carries a token on one call.
func bearerCtx(token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// bearerCtxB logs in on cc and returns a context carrying the token.
func bearerCtxB(b *testing.B, cc *grpc.ClientConn, keyID, key string) context.Context {
	b.Helper()
	resp, err := rpcpb.NewAuthServiceClient(cc).Authenticate(ctx, &rpcpb.AuthenticateRequest{
		Entity: keyID, Credentials: &rpcpb.Credentials{Type: "api-key", Payload: key},
	})
	if err != nil {
		b.Fatal(err)
	}
	return bearerCtx(resp.AccessToken)
}
