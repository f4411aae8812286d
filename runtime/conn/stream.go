package conn

import (
	"context"
	"io"

	"google.golang.org/grpc"
)

// retryingStream re-opens a stream that failed before delivering anything
// (Unauthenticated: after renewing the token; Unavailable: for reads, after
// backoff), replaying what was sent. Only a server stream's request is kept
// for replay; a client stream (module upload) that already sent data is not
// replayed, because its chunks cannot be kept in memory: its Unauthenticated
// is reported and the token renewed for the next call.
type retryingStream struct {
	grpc.ClientStream // the current attempt

	c        *client
	ctx      context.Context
	desc     *grpc.StreamDesc
	cc       *grpc.ClientConn
	method   string
	streamer grpc.Streamer
	opts     []grpc.CallOption

	tok          string
	cancel       context.CancelFunc // ends the current attempt
	sent         []any              // requests to replay (server streams only)
	closedSend   bool
	received     bool
	unreplayable bool
	attempts     attempts
}

var _ grpc.ClientStream = (*retryingStream)(nil)

// open starts an attempt and replays what the caller already sent. Each
// attempt has its own context, so one given up on is released at once.
func (s *retryingStream) open() error {
	ctx, tok, err := s.c.authorize(s.ctx, s.method)
	if err != nil {
		return err
	}
	s.tok = tok
	ctx, cancel := context.WithCancel(ctx)
	cs, err := s.streamer(ctx, s.desc, s.cc, s.method, s.opts...)
	if err == nil {
		err = replay(cs, s.sent, s.closedSend)
	}
	if err != nil {
		cancel()
		return err
	}
	s.ClientStream, s.cancel = cs, cancel
	return nil
}

// replay sends an attempt what the caller sent the failed one.
func replay(cs grpc.ClientStream, sent []any, closedSend bool) error {
	for _, m := range sent {
		if err := cs.SendMsg(m); err != nil && err != io.EOF {
			return err
		}
	}
	if closedSend {
		return cs.CloseSend()
	}
	return nil
}

func (s *retryingStream) SendMsg(m any) error {
	if s.desc.ClientStreams {
		s.unreplayable = true
	} else {
		s.sent = append(s.sent, m)
	}
	return s.ClientStream.SendMsg(m)
}

func (s *retryingStream) CloseSend() error {
	s.closedSend = true
	return s.ClientStream.CloseSend()
}

func (s *retryingStream) RecvMsg(m any) error {
	for {
		err := s.ClientStream.RecvMsg(m)
		if err == nil {
			s.received = true
			if !s.desc.ServerStreams {
				s.cancel() // the one response: the stream is complete
			}
			return nil
		}
		s.cancel() // this attempt is over, whatever happens next
		if err == io.EOF {
			return err
		}
		if s.received || s.unreplayable {
			return s.c.giveUp(s.method, s.tok, err)
		}
		retry, err := s.c.again(s.ctx, s.method, s.tok, err, &s.attempts)
		if !retry {
			return err
		}
		if err := s.openWithRetry(); err != nil {
			return err
		}
	}
}

// openWithRetry opens attempts until one starts or the policy gives up.
func (s *retryingStream) openWithRetry() error {
	for {
		err := s.open()
		if err == nil {
			return nil
		}
		if retry, err := s.c.again(s.ctx, s.method, s.tok, err, &s.attempts); !retry {
			return err
		}
	}
}
