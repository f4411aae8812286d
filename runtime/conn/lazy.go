package conn

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"google.golang.org/grpc"
)

// lazyConn opens the local fleet on the first call. It is used only for
// the default fleet (the embedded demo fixture, in memory), which has
// nothing to report at opening but a bug: a script that never calls the
// fleet, or fails before it does, does not pay for building the database
// and seeding the fixture, so `run --local` starts about as fast as the
// command itself.
type lazyConn struct {
	open func(context.Context) (*Conn, error)

	once sync.Once
	conn *Conn
	err  error
}

var _ grpc.ClientConnInterface = (*lazyConn)(nil)

var errClosed = errors.New("connection closed")

// get opens the fleet once. The opening does not inherit the first call's
// deadline or cancellation: a cancelled call must not poison every later
// one.
func (l *lazyConn) get(ctx context.Context) (grpc.ClientConnInterface, error) {
	l.once.Do(func() {
		l.conn, l.err = l.open(context.WithoutCancel(ctx))
	})
	if l.err != nil {
		return nil, fmt.Errorf("local fleet: %w", l.err)
	}
	return l.conn.CC, nil
}

func (l *lazyConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	cc, err := l.get(ctx)
	if err != nil {
		return err
	}
	return cc.Invoke(ctx, method, args, reply, opts...)
}

func (l *lazyConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	cc, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return cc.NewStream(ctx, desc, method, opts...)
}

// Close closes the fleet if it was opened, and refuses later calls.
func (l *lazyConn) Close() error {
	l.once.Do(func() { l.err = errClosed })
	if l.conn != nil {
		return l.conn.Close()
	}
	return nil
}
