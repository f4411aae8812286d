package builtins_test

import (
	"context"
	"strings"
	"testing"

	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
)

// TestEveryAppServiceRPCIsBoundDocumentedAndServed walks the AppService
// descriptor, so an RPC added to the API (or a declaration dropped) fails
// here: each RPC must be called by a fleet method that has a doc, and the
// local fleet must serve it. An empty request is enough to tell: a served
// RPC answers it (usually INVALID_ARGUMENT), an unserved one UNIMPLEMENTED.
func TestEveryAppServiceRPCIsBoundDocumentedAndServed(t *testing.T) {
	bound := map[string]builtins.MethodInfo{}
	for _, m := range builtins.Methods() {
		bound[m.RPC] = m
	}
	_, conn := localFleet(t, localfleet.Options{})
	service := appv1.File_app_v1_app_proto.Services().ByName("AppService")
	methods := service.Methods()
	if methods.Len() != 120 {
		t.Errorf("AppService has %d RPCs, want the 120 this project was built against", methods.Len())
	}
	for i := range methods.Len() {
		md := methods.Get(i)
		rpc := string(md.Name())
		t.Run(rpc, func(t *testing.T) {
			m, ok := bound[rpc]
			if !ok {
				t.Fatalf("no fleet method calls %s", rpc)
			}
			if !strings.Contains(m.Doc, m.Signature) || len(m.Doc) < len(m.Signature)+20 {
				t.Errorf("fleet.%s has no real doc: %q", m.Name, m.Doc)
			}
			fullMethod := "/" + string(service.FullName()) + "/" + rpc
			if code := callWithEmptyRequest(conn, md, fullMethod); code == codes.Unimplemented {
				t.Errorf("the local fleet does not serve %s", rpc)
			}
		})
	}
}

// callWithEmptyRequest sends md an empty request, unary or streaming, and
// returns the status code of the answer.
func callWithEmptyRequest(conn *authConn, md protoreflect.MethodDescriptor, fullMethod string) codes.Code {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := dynamicpb.NewMessage(md.Input())
	resp := dynamicpb.NewMessage(md.Output())
	if !md.IsStreamingClient() && !md.IsStreamingServer() {
		return status.Code(conn.Invoke(ctx, fullMethod, req, resp))
	}
	desc := &grpc.StreamDesc{ClientStreams: md.IsStreamingClient(), ServerStreams: md.IsStreamingServer()}
	stream, err := conn.NewStream(ctx, desc, fullMethod)
	if err != nil {
		return status.Code(err)
	}
	if err := stream.SendMsg(req); err != nil {
		return status.Code(stream.RecvMsg(resp))
	}
	if err := stream.CloseSend(); err != nil {
		return status.Code(err)
	}
	return status.Code(stream.RecvMsg(resp))
}
