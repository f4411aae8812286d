package localfleet

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// appServicePrefix selects the calls that need a token: AuthService and the
// health service are open.
const appServicePrefix = "/viam.app.v1.AppService/"

// recoverUnary turns a panic in a handler into Internal and logs it. It is a
// backstop: handlers validate their input and must not panic.
func recoverUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = panicStatus(log, info.FullMethod, r)
			}
			logInternal(log, info.FullMethod, err)
		}()
		return handler(ctx, req)
	}
}

// logInternal logs calls that failed for the server's own reasons
// (Internal), which the person reading the client's error cannot fix.
func logInternal(log *slog.Logger, method string, err error) {
	if status.Code(err) == codes.Internal {
		log.Error("localfleet: call failed", "method", method, "err", err)
	}
}

func recoverStream(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = panicStatus(log, info.FullMethod, r)
			}
			logInternal(log, info.FullMethod, err)
		}()
		return handler(srv, ss)
	}
}

func panicStatus(log *slog.Logger, method string, r any) error {
	log.Error("localfleet: handler panicked", "method", method, "panic", r, "stack", string(debug.Stack()))
	return status.Errorf(codes.Internal, "%s: internal error in the local fleet (logged)", method)
}

// authUnary checks the bearer token of AppService calls, puts the caller in
// the context, and applies the injected latency.
func (s *service) authUnary(latency time.Duration) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if !strings.HasPrefix(info.FullMethod, appServicePrefix) {
			return handler(ctx, req)
		}
		ctx, err := s.authenticateCall(ctx)
		if err != nil {
			return nil, err
		}
		if err := sleep(ctx, latency); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

func (s *service) authStream(latency time.Duration) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if !strings.HasPrefix(info.FullMethod, appServicePrefix) {
			return handler(srv, ss)
		}
		ctx, err := s.authenticateCall(ss.Context())
		if err != nil {
			return err
		}
		if err := sleep(ctx, latency); err != nil {
			return err
		}
		return handler(srv, &callerStream{ServerStream: ss, ctx: ctx})
	}
}

// callerStream carries the authenticated context into a stream handler.
type callerStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (c *callerStream) Context() context.Context { return c.ctx }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}

// authenticateCall resolves the "authorization: Bearer <token>" header to a
// caller, failing with Unauthenticated as goutils' server does.
func (s *service) authenticateCall(ctx context.Context) (context.Context, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	values := md.Get("authorization")
	if len(values) != 1 {
		return nil, status.Error(codes.Unauthenticated, "authentication required: send \"authorization: Bearer <token>\" from proto.rpc.v1.AuthService/Authenticate")
	}
	token, ok := strings.CutPrefix(values[0], "Bearer ")
	if !ok {
		return nil, status.Error(codes.Unauthenticated, "authentication required: authorization header must start with \"Bearer \"")
	}
	keyID, err := s.tokens.verify(token)
	if err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "unauthenticated: %v", err)
	}
	entry, err := s.auth.key(ctx, s.db, keyID)
	if err != nil {
		return nil, storageError("authenticate", err)
	}
	if entry == nil {
		return nil, status.Errorf(codes.Unauthenticated, "unauthenticated: API key %q no longer exists", keyID)
	}
	return withCaller(ctx, &callerInfo{keyID: keyID, orgID: entry.orgID, grants: entry.grants}), nil
}
