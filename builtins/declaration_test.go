package builtins

import (
	"context"
	"fmt"
	"testing"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// cannedConn answers each unary RPC with a fixed response and records the
// request.
type cannedConn struct {
	responses map[string]proto.Message
	requests  map[string]proto.Message
}

func (c *cannedConn) Invoke(_ context.Context, method string, req, reply any, _ ...grpc.CallOption) error {
	resp, ok := c.responses[method]
	if !ok {
		return fmt.Errorf("no canned response for %s", method)
	}
	c.requests[method] = proto.Clone(req.(proto.Message))
	proto.Merge(reply.(proto.Message), resp)
	return nil
}

func (c *cannedConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, fmt.Errorf("no streams")
}

// TestNewMethodIsADeclaration binds one of the RPCs the fleet API document
// lacks (GetRobotMetadata) with nothing but a spec, and calls it.
func TestNewMethodIsADeclaration(t *testing.T) {
	m, err := compile(&spec{
		name: "get_robot_metadata", rpc: "GetRobotMetadata",
		params:  []param{idParam("robot_id", "id", "ID of the machine.")},
		result:  []string{"data"},
		summary: "Get a machine's user-defined metadata.",
	}, "robots")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := structpb.NewStruct(map[string]any{"site": "north", "shelves": 12})
	conn := &cannedConn{
		responses: map[string]proto.Message{"/viam.app.v1.AppService/GetRobotMetadata": &appv1.GetRobotMetadataResponse{Data: data}},
		requests:  map[string]proto.Message{},
	}
	f := New(conn, Options{})
	thread := &starlark.Thread{}
	starkit.Attach(thread, &starkit.Env{Ctx: context.Background()})
	got, err := starlark.Call(thread, &Method{fleet: f, m: m}, starlark.Tuple{starlark.String("r1")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != `{"shelves": 12, "site": "north"}` {
		t.Errorf("result %s, want the metadata as a dict", got)
	}
	if req := conn.requests["/viam.app.v1.AppService/GetRobotMetadata"].(*appv1.GetRobotMetadataRequest); req.GetId() != "r1" {
		t.Errorf("request %v", req)
	}
	if want := "fleet.get_robot_metadata(robot_id) -> dict"; m.doc[:len(want)] != want {
		t.Errorf("doc starts %q", m.doc)
	}
}
