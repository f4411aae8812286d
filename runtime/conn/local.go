package conn

import (
	"context"
	"fmt"

	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/localfleet"
)

// openLocal starts the local fleet in this process (no port is opened) and
// connects to it as its owner, through the same auth and retry policy as a
// remote fleet so that scripts behave the same on both.
func openLocal(ctx context.Context, cfg Config) (*Conn, error) {
	if cfg.AppURL != "" || cfg.APIKeyID != "" || cfg.APIKey != "" {
		return nil, configErrorf("--local cannot be combined with --app-url, --api-key-id or --api-key")
	}
	if cfg.Fixture == nil && cfg.LocalData == "" {
		lazy := &lazyConn{open: func(ctx context.Context) (*Conn, error) { return startLocal(ctx, cfg) }}
		return &Conn{CC: lazy, OrgID: cfg.OrgID, LocationID: cfg.LocationID, Source: "--local", closers: []func() error{lazy.Close}}, nil
	}
	c, err := startLocal(ctx, cfg)
	if err != nil {
		return nil, err
	}
	c.OrgID, c.LocationID = cfg.OrgID, cfg.LocationID
	return c, nil
}

// startLocal opens the local fleet cfg describes and connects to it.
func startLocal(ctx context.Context, cfg Config) (*Conn, error) {
	fixture := cfg.Fixture
	if fixture == nil {
		fixture = localfleet.DemoFixture()
	}
	srv, err := localfleet.Open(ctx, localfleet.Options{DataPath: cfg.LocalData, Fixture: fixture, Deterministic: cfg.Deterministic})
	if err != nil {
		return nil, fmt.Errorf("open local fleet: %w", err)
	}
	c, err := connectLocal(ctx, srv)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return c, nil
}

// connectLocal connects to srv as its owner; closing the Conn closes srv.
func connectLocal(ctx context.Context, srv *localfleet.Server) (*Conn, error) {
	raw, err := srv.Dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to local fleet: %w", err)
	}
	keyID, key, err := srv.LocalCredentials(ctx)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("local fleet owner key: %w", err)
	}
	policy := newClient(&credentials{})
	cc := &intercepted{cc: raw, client: policy}
	policy.tokens.login = apiKeyLogin(cc, keyID, key)
	return &Conn{CC: cc, Source: "--local", closers: []func() error{srv.Close, raw.Close}}, nil
}

// intercepted applies a client's interceptors to an existing connection
// (the local fleet's in-process one, dialed without them).
type intercepted struct {
	cc     *grpc.ClientConn
	client *client
}

var _ grpc.ClientConnInterface = (*intercepted)(nil)

func (i *intercepted) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	return i.client.unary(ctx, method, args, reply, i.cc, invoke, opts...)
}

func (i *intercepted) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return i.client.stream(ctx, desc, i.cc, method, newStream, opts...)
}

// invoke and newStream are the connection's own methods in the shape the
// interceptors call.
func invoke(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, opts ...grpc.CallOption) error {
	return cc.Invoke(ctx, method, req, reply, opts...)
}

func newStream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return cc.NewStream(ctx, desc, method, opts...)
}
