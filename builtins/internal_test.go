package builtins

import (
	"strings"
	"testing"
	"time"

	appv1 "go.viam.com/api/app/v1"
	commonv1 "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestASCIIEscape(t *testing.T) {
	tests := map[string]string{
		`{"a": "b"}`:   `{"a": "b"}`,
		`{"a": "é"}`:   `{"a": "\u00e9"}`,
		`{"a": "x🤖y"}`: `{"a": "x\ud83e\udd16y"}`,
	}
	for in, want := range tests {
		if got := string(asciiEscape([]byte(in))); got != want {
			t.Errorf("asciiEscape(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	tests := map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 5 << 20: "5.0 MiB", 3 << 30: "3.0 GiB"}
	for n, want := range tests {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLogLineLayout(t *testing.T) {
	tests := []struct {
		name string
		e    *commonv1.LogEntry
		want string
	}{
		{"no caller or time", &commonv1.LogEntry{Level: "warn", LoggerName: "viam", Message: "m"},
			"None\tWARN\tviam\t:0" + strings.Repeat(" ", 62) + "m\n"},
		{"long caller is not cut", &commonv1.LogEntry{
			Level: "info", Time: timestamppb.New(time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.UTC)),
			LoggerName: "rdk.a.b", Message: "hello",
			Caller: mustStruct(map[string]any{"File": strings.Repeat("d/", 35) + "f.go", "Line": 7}),
		}, "2026-05-06 07:08:09.123456\tINFO\trdk\t" + strings.Repeat("d/", 35) + "f.go:7hello\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeLogLine(&b, tt.e)
			if b.String() != tt.want {
				t.Errorf("got  %q\nwant %q", b.String(), tt.want)
			}
		})
	}
}

func mustStruct(m map[string]any) *structpb.Struct {
	s, err := structpb.NewStruct(m)
	if err != nil {
		panic(err)
	}
	return s
}

func TestCompileRejectsBadDeclarations(t *testing.T) {
	tests := []struct {
		name string
		s    spec
		want string
	}{
		{"unknown RPC", spec{name: "x", rpc: "NoSuchRPC"}, `no RPC "NoSuchRPC"`},
		{"unknown field", spec{name: "x", rpc: "GetRobot", params: []param{{name: "a", field: "nope"}}}, `no field "nope"`},
		{"kind does not fit", spec{name: "x", rpc: "GetRobot", params: []param{{name: "a", field: "id", kind: kindBool}}}, "kind does not fit"},
		{"no field and no kind", spec{name: "x", rpc: "GetRobot", params: []param{{name: "a"}}}, "fills no field and has no kind"},
		{"duplicate parameter", spec{name: "x", rpc: "GetRobot", params: []param{
			{name: "a", kind: kindString}, {name: "a", kind: kindString}}}, "declared twice"},
		{"unknown result", spec{name: "x", rpc: "GetRobot", result: []string{"nope"}}, `no result field "nope"`},
		{"paging without a list", spec{name: "x", rpc: "GetRobot", result: []string{"robot"},
			pages: &paging{tokenField: "id", nextField: "robot"}}, "paging needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compile(&tt.s, "test")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("compile error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestConfigJSON(t *testing.T) {
	cfg := mustStruct(map[string]any{"b": 1, "a": []any{"x"}})
	tests := []struct {
		name    string
		resp    *appv1.GetRobotPartResponse
		indent  int
		want    string
		wantErr string
	}{
		{"stored text keeps key order", &appv1.GetRobotPartResponse{ConfigJson: `{"b":1,"a":[]}`}, 0, "{\n\"b\": 1,\n\"a\": []\n}", ""},
		{"no text: the config Struct, keys sorted", &appv1.GetRobotPartResponse{Part: &appv1.RobotPart{RobotConfig: cfg}}, 2,
			"{\n  \"a\": [\n    \"x\"\n  ],\n  \"b\": 1\n}", ""},
		{"no config at all", &appv1.GetRobotPartResponse{Part: &appv1.RobotPart{}}, 4, "", "the part has no config"},
		{"invalid stored text", &appv1.GetRobotPartResponse{ConfigJson: `{"a":`}, 4, "", "config_json is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := configJSON(tt.resp.ProtoReflect(), tt.indent)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("got %q, %v\nwant %q", got, err, tt.want)
			}
		})
	}
}
