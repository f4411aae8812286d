package builtins

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/runtime/protoval"
)

func checkTailArgs(c *call, _ protoreflect.Message) error {
	if n, ok := c.int("limit"); ok && n <= 0 {
		return fmt.Errorf("limit: must be positive, got %d", n)
	}
	return nil
}

// startTail returns the iterable; the stream opens when iteration starts,
// so a stream nobody iterates holds nothing open.
func startTail(c *call, req protoreflect.Message) (starlark.Value, error) {
	t := &logTail{
		cc:         c.fleet.cc,
		fullMethod: c.m.fullMethod,
		method:     c.m.name,
		req:        req.Interface().(*appv1.TailRobotPartLogsRequest),
		parent:     c.env.Context(),
		thread:     c.thread,
	}
	if n, ok := c.int("limit"); ok {
		t.limit = int(n)
	}
	if v := c.value("timeout"); v != starlark.None {
		s, _ := seconds(v) // checked by bind
		t.timeout = time.Duration(s * float64(time.Second))
	}
	return t, nil
}

// logTail is what tail_robot_part_logs returns: an iterable of batches.
type logTail struct {
	cc         grpc.ClientConnInterface
	fullMethod string
	method     string
	req        *appv1.TailRobotPartLogsRequest
	parent     context.Context
	thread     *starlark.Thread
	limit      int           // batches; 0 = unlimited
	timeout    time.Duration // 0 = none
}

var _ starlark.Iterable = (*logTail)(nil)

func (t *logTail) String() string {
	return fmt.Sprintf("<log stream of part %q>", t.req.GetId())
}
func (t *logTail) Type() string          { return "log_stream" }
func (t *logTail) Freeze()               {}
func (t *logTail) Truth() starlark.Bool  { return true }
func (t *logTail) Hash() (uint32, error) { return 0, errors.New("unhashable: log_stream") }

func (t *logTail) Iterate() starlark.Iterator {
	ctx, cancel := context.WithCancel(t.parent)
	if t.timeout > 0 {
		ctx, cancel = context.WithTimeout(t.parent, t.timeout)
	}
	it := &tailIterator{tail: t, ctx: ctx, cancel: cancel}
	stream, err := t.cc.NewStream(ctx, &appv1.AppService_ServiceDesc.Streams[0], t.fullMethod)
	if err == nil {
		err = stream.SendMsg(t.req)
	}
	if err == nil {
		err = stream.CloseSend()
	}
	if err != nil {
		it.finish(err)
		return it
	}
	it.stream = stream
	return it
}

type tailIterator struct {
	tail    *logTail
	ctx     context.Context
	cancel  context.CancelFunc
	stream  grpc.ClientStream
	batches int
	done    bool
}

var _ starlark.Iterator = (*tailIterator)(nil)

func (it *tailIterator) Next(p *starlark.Value) bool {
	if it.done {
		return false
	}
	if it.tail.limit > 0 && it.batches >= it.tail.limit {
		it.finish(nil)
		return false
	}
	for {
		resp := &appv1.TailRobotPartLogsResponse{}
		if err := it.stream.RecvMsg(resp); err != nil {
			it.finish(err)
			return false
		}
		if len(resp.GetLogs()) == 0 {
			continue
		}
		batch := make([]starlark.Value, len(resp.GetLogs()))
		for i, e := range resp.GetLogs() {
			batch[i] = protoval.ToStarlark(e)
		}
		it.batches++
		list := starlark.NewList(batch)
		list.Freeze() // results are frozen, like every value a call returns
		*p = list
		return true
	}
}

func (it *tailIterator) Done() { it.finish(nil) }

// finish closes the stream. The stream ending, the limit and the timeout
// end iteration quietly. A cancelled run, or any other failure, stops the
// calling thread with the reason (the RPC error for a failure), since an
// iterator cannot return an error.
func (it *tailIterator) finish(err error) {
	if it.done {
		return
	}
	it.done = true
	// gRPC's own timer may report the deadline before ctx does.
	deadline, hasDeadline := it.ctx.Deadline()
	ownTimeout := it.tail.timeout > 0 && hasDeadline && !time.Now().Before(deadline) && it.tail.parent.Err() == nil
	it.cancel()
	switch {
	case it.tail.parent.Err() != nil:
		// The run was cancelled: stop the thread now rather than racing
		// the host's own cancellation, so the loop cannot end normally.
		reason := "cancelled"
		if errors.Is(context.Cause(it.tail.parent), context.DeadlineExceeded) {
			reason = "timed out"
		}
		it.tail.thread.Cancel(reason)
	case err == nil || errors.Is(err, io.EOF) || ownTimeout:
	default:
		it.tail.thread.Cancel(newRPCError(it.tail.method, err).Error())
	}
}
