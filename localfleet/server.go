package localfleet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	rpcpb "go.viam.com/utils/proto/rpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/test/bufconn"
)

// Options configure a local fleet.
type Options struct {
	DataPath      string        // SQLite file; "" = in memory
	Fixture       *Fixture      // seeds a new database; nil = empty fleet with one org + owner key
	Deterministic bool          // ids from a seeded source, fake clock: byte-stable output
	Seed          int64         // seed of the deterministic id source
	TokenTTL      time.Duration // lifetime of access tokens; default 1h
	Latency       time.Duration // injected before every AppService call (benchmarks)
	Logger        *slog.Logger  // nil = discard
}

// DefaultTokenTTL is how long an access token is valid when Options.TokenTTL is 0.
const DefaultTokenTTL = time.Hour

// bufconnSize is the in-process pipe's buffer; large enough that a 10,000
// machine listing does not stall on flow control.
const bufconnSize = 4 << 20

// maxRecvMsgSize is goutils' limit (32 MiB): the Python SDK uploads a
// module file in a single message.
const maxRecvMsgSize = 32 << 20

// Server is a running local fleet: viam.app.v1.AppService,
// proto.rpc.v1.AuthService and grpc.health.v1.Health on one gRPC server,
// reachable in-process (Dial) and on any listener given to Serve.
type Server struct {
	svc  *service
	grpc *grpc.Server
	buf  *bufconn.Listener

	bootstrapID, bootstrapKey string // owner key made when the database was created

	localMu              sync.Mutex
	localID, localSecret string // cached LocalCredentials

	stopOnce  sync.Once
	closeOnce sync.Once
	closeErr  error
}

// Open opens the fleet's database (creating and seeding it if new) and
// starts serving it in-process. Call Close when done.
func Open(ctx context.Context, opts Options) (*Server, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ttl := opts.TokenTTL
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	db, err := openDB(ctx, opts.DataPath)
	if err != nil {
		return nil, fmt.Errorf("localfleet: %w", err)
	}
	key, err := signingKey(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("localfleet: %w", err)
	}
	svc := &service{
		db:     newStore(db),
		ids:    newIDSource(opts.Deterministic, opts.Seed),
		clock:  realClock{},
		tokens: &tokenSigner{key: key, ttl: ttl, now: time.Now},
		auth:   newAuthCache(),
		robots: newRobotCache(),
		tails:  newTailHub(),
		log:    logger,
		done:   make(chan struct{}),
	}
	if opts.Deterministic {
		svc.clock = newFakeClock()
	}
	s := &Server{svc: svc}
	if err := s.seedIfNew(ctx, opts.Fixture); err != nil {
		svc.db.Close() // its statements, then the database
		return nil, fmt.Errorf("localfleet: %w", err)
	}
	s.grpc = grpc.NewServer(
		grpc.MaxRecvMsgSize(maxRecvMsgSize),
		grpc.ChainUnaryInterceptor(recoverUnary(logger), svc.authUnary(opts.Latency)),
		grpc.ChainStreamInterceptor(recoverStream(logger), svc.authStream(opts.Latency)),
	)
	apppb.RegisterAppServiceServer(s.grpc, svc)
	rpcpb.RegisterAuthServiceServer(s.grpc, &authService{s: svc})
	healthpb.RegisterHealthServer(s.grpc, health.NewServer())
	s.buf = bufconn.Listen(bufconnSize)
	go func() {
		if err := s.grpc.Serve(s.buf); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			logger.Error("localfleet: in-process listener stopped", "err", err)
		}
	}()
	return s, nil
}

// signingKey returns the database's token signing key, creating it on first
// use: tokens stay valid across restarts of the same data file.
func signingKey(ctx context.Context, db *sql.DB) ([]byte, error) {
	var key []byte
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'token_key'`).Scan(&key)
	if err == nil {
		return key, nil
	}
	if err != sql.ErrNoRows {
		return nil, fmt.Errorf("read token signing key: %w", err)
	}
	key = cryptoIDs.Bytes(32)
	if _, err := db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('token_key', ?)`, key); err != nil {
		return nil, fmt.Errorf("store token signing key: %w", err)
	}
	return key, nil
}

// Serve serves the fleet on lis (e.g. loopback TCP, plaintext) until the
// server stops. It blocks.
func (s *Server) Serve(lis net.Listener) error {
	if err := s.grpc.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return fmt.Errorf("localfleet: serve %s: %w", lis.Addr(), err)
	}
	return nil
}

// Dial connects to the fleet in-process, without opening a port.
func (s *Server) Dial(ctx context.Context) (*grpc.ClientConn, error) {
	cc, err := grpc.NewClient("passthrough:///localfleet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			return s.buf.DialContext(ctx)
		}),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
	)
	if err != nil {
		return nil, fmt.Errorf("localfleet: dial in-process: %w", err)
	}
	return cc, nil
}

// GracefulStop stops accepting calls, ends open log tails, and waits for
// calls in flight to finish.
func (s *Server) GracefulStop() {
	s.stopOnce.Do(func() {
		close(s.svc.done)
		s.grpc.GracefulStop()
	})
}

// Close stops the server gracefully and closes the database.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.GracefulStop()
		if err := s.svc.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("localfleet: close database: %w", err)
		}
	})
	return s.closeErr
}

// BootstrapKey returns the owner API key created when this server
// initialised a new database, for `serve` to print once. ok is false when
// the database already existed.
func (s *Server) BootstrapKey() (keyID, key string, ok bool) {
	return s.bootstrapID, s.bootstrapKey, s.bootstrapID != ""
}

// AppendLogs stores log entries for a part, as viam-server would upload
// them, and hands them to open TailRobotPartLogs streams.
func (s *Server) AppendLogs(ctx context.Context, partID string, entries ...*commonpb.LogEntry) error {
	return s.svc.appendLogs(ctx, partID, entries)
}
