package conn

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// client is the policy every call goes through: Bearer auth, one renewal on
// Unauthenticated, backoff on Unavailable for reads. Its unary and stream
// methods are gRPC client interceptors.
type client struct {
	tokens  *tokenSource
	backoff backoff
}

// attempts tracks one logical call across its tries.
type attempts struct {
	renewed bool
	retries int
}

// needsAuth is false for the auth service itself: Authenticate is how a
// token is obtained, and goutils' clients send it no header either.
func needsAuth(method string) bool {
	return !strings.HasPrefix(method, "/proto.rpc.v1.AuthService/")
}

// authorize returns ctx carrying the bearer token for method, and the token
// used ("" when none is needed).
func (c *client) authorize(ctx context.Context, method string) (context.Context, string, error) {
	if !needsAuth(method) {
		return ctx, "", nil
	}
	tok, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, "", err
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok), tok, nil
}

// again decides whether a failed try of method is tried again, and if not
// returns the error to report.
func (c *client) again(ctx context.Context, method, tok string, err error, a *attempts) (bool, error) {
	switch status.Code(err) {
	case codes.Unauthenticated:
		if !needsAuth(method) {
			return false, err
		}
		if !a.renewed && c.tokens.Invalidate(tok) {
			a.renewed = true
			return true, nil
		}
		return false, c.tokens.refused(err)
	case codes.Unavailable:
		if isRead(method) && a.retries < c.backoff.retries && c.backoff.wait(ctx, a.retries) {
			a.retries++
			return true, nil
		}
	}
	return false, err
}

// giveUp reports a failure that cannot be retried, dropping a refused token
// so that the next call logs in again.
func (c *client) giveUp(method, tok string, err error) error {
	if status.Code(err) != codes.Unauthenticated || !needsAuth(method) {
		return err
	}
	c.tokens.Invalidate(tok)
	return c.tokens.refused(err)
}

func (c *client) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	var a attempts
	for {
		callCtx, tok, err := c.authorize(ctx, method)
		if err != nil {
			return err
		}
		err = invoker(callCtx, method, req, reply, cc, opts...)
		if err == nil {
			return nil
		}
		if retry, err := c.again(ctx, method, tok, err, &a); !retry {
			return err
		}
	}
}

func (c *client) stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	s := &retryingStream{c: c, ctx: ctx, desc: desc, cc: cc, method: method, streamer: streamer, opts: opts}
	if err := s.openWithRetry(); err != nil {
		return nil, err
	}
	return s, nil
}
