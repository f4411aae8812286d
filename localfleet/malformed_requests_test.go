package localfleet

import (
	"cmp"
	"testing"

	apppb "go.viam.com/api/app/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// TestMalformedRequestsAreNotInternal sends every unary AppService method
// an empty request, then requests whose string fields, nested ones
// included, all hold "x" (no valid id of any kind), an unknown UUID, or an
// unknown location id: each must be answered as the caller's mistake or a
// normal result, never Internal or Unknown, which would mean an unchecked
// id reached the database or a panic.
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
		for _, fill := range []string{"", "x", unknownUUID, unknownLocation} {
			t.Run(string(m.Name())+"/"+cmp.Or(fill, "empty"), func(t *testing.T) {
				req := newMessage(t, m.Input())
				if fill != "" {
					fillStrings(req.ProtoReflect(), fill, 3)
				}
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

// fillStrings sets every string field (and string list) to v, in nested
// messages too (depth levels down, one element per list of messages), so
// that the ids inside authorizations, file infos and the like are v too.
func fillStrings(m protoreflect.Message, v string, depth int) {
	if depth == 0 || m.Descriptor().FullName().Parent() == "google.protobuf" {
		return // well-known types (Struct, Timestamp) are not ids
	}
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		switch {
		case fd.IsMap():
		case fd.Kind() == protoreflect.StringKind && fd.IsList():
			m.Mutable(fd).List().Append(protoreflect.ValueOfString(v))
		case fd.Kind() == protoreflect.StringKind:
			m.Set(fd, protoreflect.ValueOfString(v))
		case fd.Kind() == protoreflect.MessageKind && fd.IsList():
			list := m.Mutable(fd).List()
			elem := list.NewElement()
			fillStrings(elem.Message(), v, depth-1)
			list.Append(elem)
		case fd.Kind() == protoreflect.MessageKind:
			fillStrings(m.Mutable(fd).Message(), v, depth-1)
		}
	}
}
