package protoval

import (
	"testing"
	"time"

	pb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func TestToStarlark(t *testing.T) {
	tests := []struct {
		name string
		in   proto.Message
		want string // repr
	}{
		{"nil", nil, "None"},
		{"nil pointer", (*pb.Robot)(nil), "None"},
		{"message", innerMessage(t, `{"name": "n"}`), `Inner(name = "n", count = 0)`},
		{"timestamp", timestamppb.New(time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)), "2024-01-02 03:04:05.000000006 +0000 UTC"},
		{"duration", durationpb.New(90 * time.Second), "1m30s"},
		{"struct", mustStruct(t, map[string]any{"a": 1.0}), `{"a": 1}`},
		{"value", structpb.NewStringValue("s"), `"s"`},
		{"list value", &structpb.ListValue{Values: []*structpb.Value{structpb.NewNumberValue(2)}}, "[2]"},
		{"wrapper", wrapperspb.UInt64(7), "7"},
		{"empty value", &structpb.Value{}, "None"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToStarlark(tt.in).String(); got != tt.want {
				t.Errorf("ToStarlark(%v) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// innerMessage returns a dynamic Inner decoded from protojson text.
func innerMessage(t *testing.T, jsonText string) proto.Message {
	k := kitchen(t, `{"inner": `+jsonText+`}`)
	return k.Get(kitchenDescriptor.Fields().ByName("inner")).Message().Interface()
}
