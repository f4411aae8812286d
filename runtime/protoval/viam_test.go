package protoval

import (
	"testing"
	"time"

	"go.starlark.net/starlark"
	pb "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func viamPart(t *testing.T) *pb.RobotPart {
	return &pb.RobotPart{
		Id:          "part-1",
		Name:        "main",
		RobotConfig: mustStruct(t, map[string]any{"components": []any{map[string]any{"name": "arm", "port": 8080.0, "gain": 0.25}}}),
		LastAccess:  timestamppb.New(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)),
		MainPart:    true,
		OnlineState: pb.OnlineState_ONLINE_STATE_ONLINE,
		Secrets:     []*pb.SharedSecret{{Id: "s1", Secret: "xyz", State: pb.SharedSecret_STATE_ENABLED}},
	}
}

// TestViamResults reads generated Viam messages as a script would.
func TestViamResults(t *testing.T) {
	env := starlark.StringDict{
		"part":  NewMessage(viamPart(t)),
		"items": NewMessage(&pb.ListRegistryItemsResponse{Items: []*pb.RegistryItem{{Name: "mod"}}}),
	}
	tests := []struct{ expr, want string }{
		{"type(part)", `"RobotPart"`},
		{"part.online_state", `"ONLINE_STATE_ONLINE"`},
		{"part.secrets[0].state", `"STATE_ENABLED"`},
		{"part.last_access", "2024-05-01 12:00:00 +0000 UTC"},
		{"part.created_on", "None"},
		{`part.robot_config["components"][0]["port"]`, "8080"},
		{`part.robot_config["components"][0]["gain"]`, "0.25"},
		{"part.main_part", "True"},
		{"[s.id for s in part.secrets]", `["s1"]`},
		// A field named like a mapping method wins the attribute.
		{"items.items[0].name", `"mod"`},
		{`items["items"][0].name`, `"mod"`},
		{"items.keys()", `["items"]`},
		{"dir(items)", `["get", "items", "keys", "values"]`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := evalRepr(t, tt.expr, env); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
			}
		})
	}
}

// TestEditConfigAndSendBack: a script edits a part's config dict and
// builds an update from the result and the rest of the part unchanged.
func TestEditConfigAndSendBack(t *testing.T) {
	part := viamPart(t)
	globals, err := execScript(`
cfg = part.robot_config
cfg["components"].append({"name": "base"})
cfg["components"][0]["port"] = 9090
edited = dict(part)
edited["robot_config"] = cfg
`, starlark.StringDict{"part": NewMessage(part)})
	if err != nil {
		t.Fatal(err)
	}
	var got pb.RobotPart
	if err := FromStarlark(globals["edited"], &got, "part"); err != nil {
		t.Fatal(err)
	}
	want := proto.Clone(part).(*pb.RobotPart)
	want.RobotConfig = mustStruct(t, map[string]any{"components": []any{
		map[string]any{"name": "arm", "port": 9090.0, "gain": 0.25},
		map[string]any{"name": "base"},
	}})
	if !proto.Equal(&got, want) {
		t.Errorf("got %v\nwant %v", &got, want)
	}
	if !proto.Equal(part, viamPart(t)) {
		t.Errorf("editing the dict changed the result it came from: %v", part)
	}
}
