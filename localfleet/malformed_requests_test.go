package localfleet

import (
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// TestMalformedRequestsAreNotInternal sends every unary AppService method
// an empty request, then one whose string fields all hold "x" (no valid id
// of any kind): each must be answered as the caller's mistake or a normal
// result, never Internal or Unknown, which would mean an unchecked id
// reached the database or a panic.
func TestMalformedRequestsAreNotInternal(t *testing.T) {
	f := demoFleet(t)
	keyID, key, err := f.srv.LocalCredentials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	callCtx := bearerCtx(f.token(keyID, key))
	service := apppb.File_app_v1_app_proto.Services().ByName("AppService")
	methods := service.Methods()
	for i := range methods.Len() {
		m := methods.Get(i)
		if m.IsStreamingClient() || m.IsStreamingServer() {
			continue
		}
		for _, variant := range []struct {
			name string
			fill func(protoreflect.Message)
		}{{"empty", func(protoreflect.Message) {}}, {"x", fillStrings}} {
			t.Run(string(m.Name())+"/"+variant.name, func(t *testing.T) {
				req := newMessage(t, m.Input())
				variant.fill(req.ProtoReflect())
				resp := newMessage(t, m.Output())
				err := f.cc.Invoke(callCtx, "/"+string(service.FullName())+"/"+string(m.Name()), req, resp)
				if code := status.Code(err); code == codes.Internal || code == codes.Unknown {
					t.Fatalf("%v", err)
				}
			})
		}
	}
}

func newMessage(t *testing.T, d protoreflect.MessageDescriptor) proto.Message {
	t.Helper()
	mt, err := protoregistry.GlobalTypes.FindMessageByName(d.FullName())
	if err != nil {
		t.Fatal(err)
	}
	return mt.New().Interface()
}

// fillStrings sets every top-level string field (and string list) to "x".
func fillStrings(m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.StringKind || fd.IsMap() {
			continue
		}
		if fd.IsList() {
			m.Mutable(fd).List().Append(protoreflect.ValueOfString("x"))
			continue
		}
		m.Set(fd, protoreflect.ValueOfString("x"))
	}
}
