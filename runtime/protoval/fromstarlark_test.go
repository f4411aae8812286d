package protoval

import (
	"testing"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"
)

// buildEnv predeclares build(v), which converts v to a Kitchen with
// FromStarlark (path "k") and returns it as a value, and the fixtures m
// and empty.
func buildEnv(t *testing.T) starlark.StringDict {
	env := kitchenEnv(t)
	env["build"] = starlark.NewBuiltin("build", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		dst := dynamicpb.NewMessage(kitchenDescriptor)
		if err := FromStarlark(v, dst, "k"); err != nil {
			return nil, err
		}
		return NewMessage(dst), nil
	})
	return env
}

// built runs `out = build(expr)` and returns the message it made.
func built(t *testing.T, expr string, env starlark.StringDict) proto.Message {
	t.Helper()
	globals, err := execScript("out = build("+expr+")", env)
	if err != nil {
		t.Fatalf("build(%s): %v", expr, err)
	}
	return globals["out"].(*Message).Proto()
}

func TestFromStarlark(t *testing.T) {
	env := buildEnv(t)
	tests := []struct {
		expr string
		want string // protojson of the expected Kitchen
	}{
		{`{"i32": -2147483648, "i64": -9223372036854775808}`, `{"i32": -2147483648, "i64": "-9223372036854775808"}`},
		{`{"u32": 4294967295, "u64": 18446744073709551615}`, `{"u32": 4294967295, "u64": "18446744073709551615"}`},
		{`{"s32": -1, "s64": -2, "f32": 3, "f64": 4, "sf32": -5, "sf64": -6}`, `{"s32": -1, "s64": "-2", "f32": 3, "f64": "4", "sf32": -5, "sf64": "-6"}`},
		{`{"fl": 0.5, "db": 3}`, `{"fl": 0.5, "db": 3}`},
		{`{"b": True, "s": "é", "by": b"\x00\x01"}`, `{"b": true, "s": "é", "by": "AAE="}`},
		{`{"by": "hi"}`, `{"by": "aGk="}`},
		// Enums: full name, short name in any case, number.
		{`{"color": "COLOR_RED"}`, `{"color": "COLOR_RED"}`},
		{`{"color": "dark_green"}`, `{"color": "COLOR_DARK_GREEN"}`},
		{`{"color": "Color_Dark_Green"}`, `{"color": "COLOR_DARK_GREEN"}`},
		{`{"color": 2}`, `{"color": "COLOR_DARK_GREEN"}`},
		{`{"colors": ["red", 9]}`, `{"colors": ["COLOR_RED", 9]}`},
		// Messages, lists, maps.
		{`{"inner": {"name": "n", "count": 1}}`, `{"inner": {"name": "n", "count": 1}}`},
		{`{"inner": m.inner}`, `{"inner": {"name": "in", "count": 3}}`},
		{`{"inners": [{"name": "a"}, m.inner]}`, `{"inners": [{"name": "a"}, {"name": "in", "count": 3}]}`},
		{`{"inners": m.inners}`, `{"inners": [{"name": "a"}, {"name": "b", "count": 2}]}`},
		{`{"tags": ("x", "y"), "nums": [1, 2]}`, `{"tags": ["x", "y"], "nums": ["1", "2"]}`},
		{`{"tags": m.tags}`, `{"tags": ["x", "y"]}`},
		{`{"counts": {"a": 1}, "by_id": {5: {"name": "five"}}, "flags": {True: "t"}}`,
			`{"counts": {"a": 1}, "by_id": {"5": {"name": "five"}}, "flags": {"true": "t"}}`},
		{`{"counts": m.counts, "by_id": m.by_id}`, `{"counts": {"a": 1, "b": 2}, "by_id": {"2": {"name": "two"}, "10": {"name": "ten"}}}`},
		// Oneofs and optional fields.
		{`{"text": "t"}`, `{"text": "t"}`},
		{`{"detail": {"name": "d"}, "text": None}`, `{"detail": {"name": "d"}}`},
		{`{"opt_int": 0}`, `{"opt_int": 0}`},
		{`{"opt_str": None}`, `{}`},
		// Well-known types.
		{`{"config": {"a": 1, "b": [1, 2.5, None, {"c": True}], "d": "s"}}`, `{"config": {"a": 1, "b": [1, 2.5, null, {"c": true}], "d": "s"}}`},
		{`{"config": m.config}`, `{"config": {"port": 8080, "ratio": 0.5, "big": 1e300, "huge_int": 9007199254740994, "name": "x", "on": true, "nothing": null, "list": [1, 2.5, "s", [3], {"k": null}]}}`},
		{`{"value": {"k": [1]}}`, `{"value": {"k": [1]}}`},
		{`{"value": "s"}`, `{"value": "s"}`},
		{`{"list_value": [1, "a"]}`, `{"list_value": [1, "a"]}`},
		{`{"at": "2024-05-01T12:30:00.5Z"}`, `{"at": "2024-05-01T12:30:00.500Z"}`},
		{`{"at": "2024-05-01T14:30:00+02:00"}`, `{"at": "2024-05-01T12:30:00Z"}`},
		{`{"at": m.at}`, `{"at": "2024-05-01T12:30:00.500Z"}`},
		{`{"at": time.from_timestamp(0)}`, `{"at": "1970-01-01T00:00:00Z"}`},
		{`{"at": {"seconds": 60}}`, `{"at": "1970-01-01T00:01:00Z"}`},
		{`{"took": "1h30m"}`, `{"took": "5400s"}`},
		{`{"took": m.took}`, `{"took": "5400.25s"}`},
		{`{"took": time.parse_duration("-1.5s")}`, `{"took": "-1.5s"}`},
		{`{"times": [m.at, "1970-01-01T00:00:01Z"]}`, `{"times": ["2024-05-01T12:30:00.500Z", "1970-01-01T00:00:01Z"]}`},
		{`{"wrapped_int": 7, "wrapped_str": ""}`, `{"wrapped_int": "7", "wrapped_str": ""}`},
		// A value a call returned, whole or as dict(r).
		{`m`, fullKitchen},
		{`dict(m)`, fullKitchen},
		{`None`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got := built(t, tt.expr, env)
			want := kitchen(t, tt.want)
			if !proto.Equal(got, want) {
				t.Errorf("build(%s)\n got: %s\nwant: %s", tt.expr, prototext.Format(got), prototext.Format(want))
			}
		})
	}
}

func TestFromStarlarkErrors(t *testing.T) {
	env := buildEnv(t)
	tests := []struct{ expr, want string }{
		{`[]`, `k: want dict or Kitchen, got list`},
		{`m.inner`, `k: want dict or Kitchen, got Inner`},
		{`{1: 2}`, `k: want string key, got int`},
		{`{"i33": 1}`, `k.i33: unknown field (did you mean "i32"?)`},
		{`{"inner": {"nmae": "x"}}`, `k.inner.nmae: unknown field (did you mean "name"?)`},
		{`{"inners": [{"name": "a"}, {"rol": 1}]}`, `k.inners[1].rol: unknown field of Inner`},
		{`{"zzzzzz": 1}`, `k.zzzzzz: unknown field of Kitchen`},
		{`{"s": 1}`, `k.s: want string, got int`},
		{`{"inners": [{"name": 1}]}`, `k.inners[0].name: want string, got int`},
		{`{"i32": 2147483648}`, `k.i32: 2147483648 out of range for int32`},
		{`{"i32": "1"}`, `k.i32: want int, got string`},
		{`{"i32": 1.0}`, `k.i32: want int, got float`},
		{`{"i64": 9223372036854775808}`, `k.i64: 9223372036854775808 out of range for int64`},
		{`{"u32": -1}`, `k.u32: -1 out of range for uint32`},
		{`{"u64": 18446744073709551616}`, `k.u64: 18446744073709551616 out of range for uint64`},
		{`{"fl": 1e39}`, `k.fl: 1e+39 out of range for float`},
		{`{"db": "x"}`, `k.db: want float, got string`},
		{`{"b": 1}`, `k.b: want bool, got int`},
		{`{"by": 1}`, `k.by: want bytes, got int`},
		{`{"color": "gren"}`, `k.color: unknown Color value "gren" (want one of "unspecified", "red", "dark_green")`},
		{`{"color": "dark_gren"}`, `k.color: unknown Color value "dark_gren" (did you mean "dark_green"?)`},
		{`{"color": 2147483648}`, `k.color: 2147483648 out of range for enum Color`},
		{`{"color": 1.5}`, `k.color: want Color name or number, got float`},
		{`{"inner": 1}`, `k.inner: want dict or Inner, got int`},
		{`{"inners": {"name": "a"}}`, `k.inners: want list, got dict`},
		{`{"inners": [None]}`, `k.inners[0]: want dict or Inner, got NoneType`},
		{`{"tags": "abc"}`, `k.tags: want list, got string`},
		{`{"nums": [1, "2"]}`, `k.nums[1]: want int, got string`},
		{`{"counts": [1]}`, `k.counts: want dict, got list`},
		{`{"counts": m.inner}`, `k.counts: want dict, got Inner`},
		{`{"counts": {1: 1}}`, `k.counts: want string key, got int`},
		{`{"counts": {"a": "1"}}`, `k.counts["a"]: want int, got string`},
		{`{"by_id": {"5": {}}}`, `k.by_id: want int key, got string`},
		{`{"by_id": {5: {"nam": ""}}}`, `k.by_id[5].nam: unknown field (did you mean "name"?)`},
		{`{"text": "t", "number": 1}`, `k.number: oneof choice already set by text`},
		{`{"config": [1]}`, `k.config: want dict, got list`},
		{`{"config": {1: 1}}`, `k.config: want string key, got int`},
		{`{"config": {"a": {"b": [1, 9007199254740993]}}}`, `k.config["a"]["b"][1]: int 9007199254740993 out of range for a Struct number (at most ±2^53)`},
		{`{"config": {"a": float("nan")}}`, `k.config["a"]: non-finite float nan not allowed in a Struct`},
		{`{"config": {"a": b"x"}}`, `k.config["a"]: want None, bool, int, float, string, list or dict, got bytes`},
		{`{"list_value": {"a": 1}}`, `k.list_value: want list, got dict`},
		{`{"at": 5}`, `k.at: want time.time or RFC 3339 string, got int`},
		{`{"at": "yesterday"}`, `k.at: want an RFC 3339 time such as "2024-05-01T12:00:00Z", got "yesterday"`},
		{`{"at": "10000-01-01T00:00:00Z"}`, `k.at: want an RFC 3339 time such as "2024-05-01T12:00:00Z", got "10000-01-01T00:00:00Z"`},
		{`{"at": time.time(year = 10000, month = 1, day = 1)}`, `k.at: time 10000-01-01T00:00:00Z outside the years 1 to 9999`},
		{`{"took": 5}`, `k.took: want time.duration or duration string, got int`},
		{`{"took": "5 minutes"}`, `k.took: want a duration such as "1h30m" or "90s", got "5 minutes"`},
		{`{"wrapped_int": "7"}`, `k.wrapped_int: want int, got string`},
		{`{"at": m.inner}`, `k.at: want dict or Timestamp, got Inner`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := scriptError(t, "build("+tt.expr+")", env); got != tt.want {
				t.Errorf("build(%s):\n got: %s\nwant: %s", tt.expr, got, tt.want)
			}
		})
	}
}
