package builtins

import (
	"context"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// send invokes the RPC, following pages when the method is paged.
func (c *call) send(req protoreflect.Message) (protoreflect.Message, error) {
	if c.m.pages == nil {
		return c.unary(req)
	}
	want, err := c.m.pages.limit(c)
	if err != nil {
		return nil, c.m.argWrap(err)
	}
	return c.paged(req, want)
}

func (c *call) unary(req protoreflect.Message) (protoreflect.Message, error) {
	ctx, cancel := c.rpcContext()
	defer cancel()
	resp := c.m.respType.New()
	if err := c.fleet.cc.Invoke(ctx, c.m.fullMethod, req.Interface(), resp.Interface()); err != nil {
		return nil, newRPCError(c.m.name, err)
	}
	return resp, nil
}

// rpcContext bounds one RPC by the run's context and per-call deadline.
// Without a deadline it is the run's context itself: a derived context
// per call would cost a tenth of this package's per-call overhead.
func (c *call) rpcContext() (context.Context, context.CancelFunc) {
	if c.env.CallTimeout > 0 {
		return c.env.CallContext()
	}
	return c.env.Context(), func() {}
}

// invokeOther sends another RPC on this call's behalf (a hook's lookup);
// a failure names this call's method.
func (c *call) invokeOther(rpc string, req, resp proto.Message) error {
	ctx, cancel := c.rpcContext()
	defer cancel()
	if err := c.fleet.cc.Invoke(ctx, "/viam.app.v1.AppService/"+rpc, req, resp); err != nil {
		return newRPCError(c.m.name, err)
	}
	return nil
}

// paged fetches pages until want entries arrived (0: all) or the server
// has no more, and returns the first response holding every entry, in
// server order.
func (c *call) paged(req protoreflect.Message, want int) (protoreflect.Message, error) {
	listFD := c.m.results[0]
	var merged protoreflect.Message
	var all protoreflect.List
	token := ""
	for {
		resp, err := c.unary(req)
		if err != nil {
			return nil, err
		}
		if merged == nil {
			merged, all = resp, resp.Mutable(listFD).List()
		} else {
			page := resp.Get(listFD).List()
			for j := 0; j < page.Len(); j++ {
				all.Append(page.Get(j))
			}
		}
		if want > 0 && all.Len() >= want {
			all.Truncate(want)
			break
		}
		next := resp.Get(c.m.pageNext).String()
		if next == "" {
			break
		}
		if next == token { // a server bug must not loop forever
			return nil, c.m.errorf("the server returned page token %q twice", next)
		}
		token = next
		req.Set(c.m.pageToken, protoreflect.ValueOfString(next))
	}
	merged.Clear(c.m.pageNext)
	return merged, nil
}
