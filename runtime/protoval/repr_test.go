package protoval

import (
	"testing"

	"go.starlark.net/starlark"
)

func TestRepr(t *testing.T) {
	env := kitchenEnv(t)
	env["few"] = NewMessage(kitchen(t, `{"s": "a\"b", "by": "AAE=", "color": "COLOR_RED", "inner": {"name": "n"},
		"counts": {"z": 1, "a": 2}, "config": {"b": [1, {"c": null}], "a": 1.5}, "at": "2024-01-02T03:04:05Z", "took": "90s"}`))
	tests := []struct{ expr, want string }{
		{"few.inner", `Inner(name = "n", count = 0)`},
		{"few.counts", `{"a": 2, "z": 1}`},
		{"few.config", `{"a": 1.5, "b": [1, {"c": None}]}`},
		{"[few.inner]", `[Inner(name = "n", count = 0)]`},
		{"few", `Kitchen(i32 = 0, i64 = 0, u32 = 0, u64 = 0, s32 = 0, s64 = 0, f32 = 0, f64 = 0, sf32 = 0, sf64 = 0, ` +
			`fl = 0.0, db = 0.0, b = False, s = "a\"b", by = b"\x00\x01", color = "COLOR_RED", inner = Inner(name = "n", count = 0), ` +
			`inners = [], tags = [], nums = [], colors = [], counts = {"a": 2, "z": 1}, by_id = {}, text = None, detail = None, ` +
			`number = None, opt_int = None, opt_str = None, config = {"a": 1.5, "b": [1, {"c": None}]}, value = None, ` +
			`list_value = None, at = 2024-01-02 03:04:05 +0000 UTC, took = 1m30s, wrapped_int = None, wrapped_str = None, ` +
			`flags = {}, times = [], sub = None)`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := evalRepr(t, tt.expr, env); got != tt.want {
				t.Errorf("repr(%s)\n got: %s\nwant: %s", tt.expr, got, tt.want)
			}
		})
	}
}

// TestReprDeterministic prints freshly decoded copies of a message with
// maps and a Struct (whose Go map order differs each time), through str()
// in Starlark and String() in Go: every output must match.
func TestReprDeterministic(t *testing.T) {
	var first string
	for i := range 30 {
		env := starlark.StringDict{"m": NewMessage(kitchen(t, fullKitchen))}
		globals, err := execScript("out = str(m)", env)
		if err != nil {
			t.Fatal(err)
		}
		got := string(globals["out"].(starlark.String))
		if direct := env["m"].String(); direct != got {
			t.Fatalf("str(m) and String() differ:\n%s\n%s", got, direct)
		}
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("repr %d differs:\n%s\n%s", i, got, first)
		}
	}
}
