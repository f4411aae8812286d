package protoval

import (
	"testing"
	"time"

	"go.starlark.net/starlark"
	pb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// starlarkValue evaluates a Starlark expression to a value.
func starlarkValue(t *testing.T, expr string) starlark.Value {
	t.Helper()
	globals, err := execScript("out = "+expr, nil)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return globals["out"]
}

func fieldOf(m proto.Message, name string) protoreflect.FieldDescriptor {
	return m.ProtoReflect().Descriptor().Fields().ByName(protoreflect.Name(name))
}

func TestSetFieldGenerated(t *testing.T) {
	tests := []struct {
		name  string
		msg   proto.Message // the message to set a field of
		field string
		expr  string
		want  proto.Message // msg after the call
	}{
		{"repeated messages", &pb.UpdateOrganizationInviteAuthorizationsRequest{}, "add_authorizations",
			`[{"authorization_type": "role", "authorization_id": "owner", "resource_type": "organization"}]`,
			&pb.UpdateOrganizationInviteAuthorizationsRequest{AddAuthorizations: []*pb.Authorization{
				{AuthorizationType: "role", AuthorizationId: "owner", ResourceType: "organization"}}}},
		{"enum short name", &pb.UpdateFragmentRequest{}, "visibility", `"private"`,
			&pb.UpdateFragmentRequest{Visibility: pb.FragmentVisibility_FRAGMENT_VISIBILITY_PRIVATE.Enum()}},
		{"enum short name, upper case", &pb.UpdateFragmentRequest{}, "visibility", `"PUBLIC_UNLISTED"`,
			&pb.UpdateFragmentRequest{Visibility: pb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC_UNLISTED.Enum()}},
		{"enum full name", &pb.UpdateFragmentRequest{}, "visibility", `"FRAGMENT_VISIBILITY_PUBLIC"`,
			&pb.UpdateFragmentRequest{Visibility: pb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC.Enum()}},
		{"enum number", &pb.UpdateFragmentRequest{}, "visibility", `2`,
			&pb.UpdateFragmentRequest{Visibility: pb.FragmentVisibility_FRAGMENT_VISIBILITY_PUBLIC.Enum()}},
		{"optional bool false is present", &pb.UpdateFragmentRequest{}, "public", `False`,
			&pb.UpdateFragmentRequest{Public: proto.Bool(false)}},
		{"struct", &pb.UpdateFragmentRequest{}, "config", `{"components": [{"name": "arm", "port": 8080}]}`,
			&pb.UpdateFragmentRequest{Config: mustStruct(t, map[string]any{"components": []any{map[string]any{"name": "arm", "port": 8080}}})}},
		{"timestamp", &pb.UpdateFragmentRequest{}, "last_known_update", `"2024-05-01T12:00:00Z"`,
			&pb.UpdateFragmentRequest{LastKnownUpdate: timestamppb.New(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))}},
		{"None clears", &pb.UpdateFragmentRequest{Public: proto.Bool(true), Config: &structpb.Struct{}}, "config", `None`,
			&pb.UpdateFragmentRequest{Public: proto.Bool(true)}},
		{"lists are replaced, not appended to", &pb.GetRobotPartLogsRequest{Levels: []string{"info"}}, "levels", `["error", "warn"]`,
			&pb.GetRobotPartLogsRequest{Levels: []string{"error", "warn"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := SetField(tt.msg.ProtoReflect(), fieldOf(tt.msg, tt.field), starlarkValue(t, tt.expr), ""); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(tt.msg, tt.want) {
				t.Errorf("got %v, want %v", tt.msg, tt.want)
			}
		})
	}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSetFieldErrors(t *testing.T) {
	tests := []struct {
		msg         proto.Message
		field, path string
		expr, want  string
	}{
		{&pb.UpdateOrganizationInviteAuthorizationsRequest{}, "add_authorizations", "",
			`[{"resource_type": "organization"}, {"resource_type": 1}]`,
			`add_authorizations[1].resource_type: want string, got int`},
		{&pb.UpdateOrganizationInviteAuthorizationsRequest{}, "add_authorizations", "",
			`[{"authorization_typ": "role"}]`,
			`add_authorizations[0].authorization_typ: unknown field (did you mean "authorization_type"?)`},
		{&pb.UpdateOrganizationInviteAuthorizationsRequest{}, "add_authorizations", "authorizations",
			`[{"resouce_id": "x"}]`,
			`authorizations[0].resouce_id: unknown field (did you mean "resource_id"?)`},
		{&pb.UpdateFragmentRequest{}, "visibility", "", `"publc"`,
			`visibility: unknown FragmentVisibility value "publc" (did you mean "public"?)`},
		{&pb.UpdateFragmentRequest{}, "visibility", "", `7`,
			``}, // open enums keep unknown numbers
		{&pb.GetRobotPartLogsRequest{}, "levels", "", `"error"`, `levels: want list, got string`},
		{&pb.GetRobotPartLogsRequest{}, "limit", "", `-1`, ``},
		{&pb.GetRobotPartLogsRequest{}, "limit", "", `1 << 63`, `limit: 9223372036854775808 out of range for int64`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := SetField(tt.msg.ProtoReflect(), fieldOf(tt.msg, tt.field), starlarkValue(t, tt.expr), tt.path)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("SetField(%s, %s):\n got: %s\nwant: %s", tt.field, tt.expr, got, tt.want)
			}
		})
	}
}

// TestSetFieldKeepsOldValueOnError: a failed conversion leaves the field
// as it was, so a caller never sends half a value.
func TestSetFieldKeepsOldValueOnError(t *testing.T) {
	req := &pb.UpdateOrganizationInviteAuthorizationsRequest{
		AddAuthorizations: []*pb.Authorization{{AuthorizationId: "keep"}},
	}
	want := proto.Clone(req)
	err := SetField(req.ProtoReflect(), fieldOf(req, "add_authorizations"),
		starlarkValue(t, `[{"authorization_id": "new"}, {"authorization_id": 1}]`), "")
	if err == nil {
		t.Fatal("no error")
	}
	if !proto.Equal(req, want) {
		t.Errorf("field changed on error: %v", req)
	}
}

func TestFieldErrorIsTyped(t *testing.T) {
	req := &pb.UpdateFragmentRequest{}
	err := SetField(req.ProtoReflect(), fieldOf(req, "name"), starlark.MakeInt(1), "")
	fe, ok := err.(*FieldError)
	if !ok || fe.Path != "name" || fe.Msg != "want string, got int" {
		t.Errorf("err = %#v, want *FieldError{name, want string, got int}", err)
	}
}
