package protoval

import (
	"math"
	"testing"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestStructToDict(t *testing.T) {
	tests := []struct {
		name string
		in   *structpb.Struct
		want string
	}{
		{"nil", nil, "{}"},
		{"sorted keys", mustStruct(t, map[string]any{"b": 1.0, "a": "x", "c": nil}), `{"a": "x", "b": 1, "c": None}`},
		{"numbers", mustStruct(t, map[string]any{
			"int": 8080.0, "neg": -3.0, "frac": 0.5, "max": float64(1 << 53), "over": float64(1<<53) * 2, "inf": math.Inf(1),
		}), `{"frac": 0.5, "inf": +inf, "int": 8080, "max": 9007199254740992, "neg": -3, "over": 1.8014398509481984e+16}`},
		{"nested", mustStruct(t, map[string]any{"l": []any{true, []any{}, map[string]any{}}}), `{"l": [True, [], {}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := StructToDict(tt.in)
			if got := d.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDictToStruct(t *testing.T) {
	v := starlarkValue(t, `{"a": 1, "b": [1.5, None, True, ("t",)], "c": {"d": "e"}, "f": -(1 << 53)}`)
	got, err := DictToStruct(v, "cfg")
	if err != nil {
		t.Fatal(err)
	}
	want := mustStruct(t, map[string]any{"a": 1.0, "b": []any{1.5, nil, true, []any{"t"}}, "c": map[string]any{"d": "e"}, "f": -float64(1 << 53)})
	if !proto.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := DictToStruct(starlark.MakeInt(1), "cfg"); err == nil || err.Error() != "cfg: want dict, got int" {
		t.Errorf("DictToStruct(1) error = %v", err)
	}
}

// TestStructDictIsMutableCopy: the dict a Struct field gives is the
// script's own; changing it changes neither the result nor later reads.
func TestStructDictIsMutableCopy(t *testing.T) {
	env := kitchenEnv(t)
	src := `
c = m.config
c["port"] = 1
c["list"].append(4)
out = [c["port"], m.config["port"], len(m.config["list"])]
`
	globals, err := execScript(src, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := globals["out"].String(); got != "[1, 8080, 5]" {
		t.Errorf("got %s, want [1, 8080, 5]", got)
	}
}
