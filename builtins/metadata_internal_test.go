package builtins

import (
	"context"
	"testing"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// TestMetadataWithoutDataIsEmptyDict: a server that leaves data unset (no
// metadata) still gives a dict, as the Python SDK does.
func TestMetadataWithoutDataIsEmptyDict(t *testing.T) {
	conn := &cannedConn{
		responses: map[string]proto.Message{"/viam.app.v1.AppService/GetLocationMetadata": &appv1.GetLocationMetadataResponse{}},
		requests:  map[string]proto.Message{},
	}
	f := New(conn, Options{})
	thread := &starlark.Thread{}
	starkit.Attach(thread, &starkit.Env{Ctx: context.Background()})
	got, err := starlark.Call(thread, f.methods["get_location_metadata"], starlark.Tuple{starlark.String("loc1")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := got.(*starlark.Dict)
	if !ok || d.Len() != 0 {
		t.Fatalf("got %s %v, want an empty dict", got.Type(), got)
	}
	if err := d.SetKey(starlark.String("k"), starlark.MakeInt(1)); err != nil {
		t.Errorf("the dict is not mutable: %v", err)
	}
}
