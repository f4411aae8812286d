package protoval

import (
	"testing"

	"go.starlark.net/starlark"
)

const fullKitchen = `{
	"i32": -5, "i64": "9007199254740993", "u32": 4000000000, "u64": "18446744073709551615",
	"s32": -7, "s64": "-8", "f32": 9, "f64": "10", "sf32": -11, "sf64": "-12",
	"fl": 0.1, "db": 2.5, "b": true, "s": "h\u00e9llo", "by": "AAEC", "color": "COLOR_DARK_GREEN",
	"inner": {"name": "in", "count": 3},
	"inners": [{"name": "a"}, {"name": "b", "count": 2}],
	"tags": ["x", "y"], "nums": ["1", "-2"], "colors": ["COLOR_RED", 7],
	"counts": {"b": 2, "a": 1}, "by_id": {"10": {"name": "ten"}, "2": {"name": "two"}},
	"flags": {"true": "yes", "false": "no"},
	"detail": {"name": "d"},
	"opt_int": 0,
	"config": {"port": 8080, "ratio": 0.5, "big": 1e300, "huge_int": 9007199254740994, "name": "x", "on": true, "nothing": null,
		"list": [1, 2.5, "s", [3], {"k": null}]},
	"value": [1, "a"],
	"list_value": [true, null],
	"at": "2024-05-01T12:30:00.500Z", "took": "5400.25s",
	"wrapped_int": "42", "wrapped_str": "w",
	"times": ["1970-01-01T00:00:00Z"],
	"sub": {"s": "nested", "sub": {"i32": 1}}
}`

func kitchenEnv(t *testing.T) starlark.StringDict {
	return starlark.StringDict{
		"m":     NewMessage(kitchen(t, fullKitchen)),
		"empty": NewMessage(kitchen(t, `{}`)),
	}
}

func TestFieldValues(t *testing.T) {
	env := kitchenEnv(t)
	tests := []struct{ expr, want string }{
		// Scalars of each width.
		{"m.i32", "-5"},
		{"m.i64", "9007199254740993"},
		{"type(m.i64)", `"int"`},
		{"m.u32", "4000000000"},
		{"m.u64", "18446744073709551615"},
		{"m.s32", "-7"},
		{"m.s64", "-8"},
		{"m.f32", "9"},
		{"m.f64", "10"},
		{"m.sf32", "-11"},
		{"m.sf64", "-12"},
		{"m.fl", "0.1"},
		{"m.db", "2.5"},
		{"m.b", "True"},
		{"m.s", `"héllo"`},
		{"m.by", `b"\x00\x01\x02"`},
		{"type(m.by)", `"bytes"`},
		// Enums: names; numbers the enum does not define stay ints.
		{"m.color", `"COLOR_DARK_GREEN"`},
		{"m.colors", `["COLOR_RED", 7]`},
		// Nested messages.
		{"m.inner", `Inner(name = "in", count = 3)`},
		{"m.inner.count", "3"},
		{"type(m.inner)", `"Inner"`},
		{"m.sub.sub.i32", "1"},
		{"m.sub.inner", "None"},
		// Repeated fields.
		{"type(m.inners)", `"proto.list"`},
		{"len(m.inners)", "2"},
		{"m.inners[1].name", `"b"`},
		{"m.inners[-1].count", "2"},
		{"[i.name for i in m.inners]", `["a", "b"]`},
		{"m.inners[0:1]", `[Inner(name = "a", count = 0)]`},
		{"m.inners[::-1][0].name", `"b"`},
		{"m.nums[5:]", "[]"},
		{"type(m.tags[:1])", `"list"`},
		{"m.tags", `["x", "y"]`},
		{"list(m.tags) == ['x', 'y']", "True"},
		{`"y" in m.tags`, "True"},
		{`"z" in m.tags`, "False"},
		{`m.tags + ["z"]`, `["x", "y", "z"]`},
		{`["w"] + m.tags`, `["w", "x", "y"]`},
		{"m.nums", "[1, -2]"},
		{"m.times", "[1970-01-01 00:00:00 +0000 UTC]"},
		{"m.tags == m.tags", "True"},
		{"m.tags == m.nums", "False"},
		{"bool(m.tags)", "True"},
		{"bool(empty.tags)", "False"},
		{"empty.inners", "[]"},
		// Maps: sorted keys.
		{"type(m.counts)", `"proto.map"`},
		{"m.counts", `{"a": 1, "b": 2}`},
		{`m.counts["b"]`, "2"},
		{"list(m.counts)", `["a", "b"]`},
		{"m.counts.keys()", `["a", "b"]`},
		{"m.counts.values()", `[1, 2]`},
		{"m.counts.items()", `[("a", 1), ("b", 2)]`},
		{`m.counts.get("zz", 0)`, "0"},
		{`"a" in m.counts`, "True"},
		{`1 in m.counts`, "False"},
		{"len(m.counts)", "2"},
		{"dict(m.counts)", `{"a": 1, "b": 2}`},
		{"m.by_id", `{2: Inner(name = "two", count = 0), 10: Inner(name = "ten", count = 0)}`},
		{"m.by_id[10].name", `"ten"`},
		{"m.flags", `{False: "no", True: "yes"}`},
		{"m.counts == m.counts", "True"},
		{"empty.counts", "{}"},
		// Oneofs: the member set is a value, the others None.
		{"m.detail.name", `"d"`},
		{"m.text", "None"},
		{"m.number", "None"},
		// Proto3 optional: present (even if zero) or None.
		{"m.opt_int", "0"},
		{"m.opt_str", "None"},
		{"empty.opt_int", "None"},
		// Struct, Value, ListValue: plain dicts and lists, integral numbers as ints.
		{"type(m.config)", `"dict"`},
		{`m.config["port"]`, "8080"},
		{`type(m.config["port"])`, `"int"`},
		{`m.config["ratio"]`, "0.5"},
		{`m.config["big"]`, "1e+300"},
		{`type(m.config["huge_int"])`, `"float"`},
		{`m.config["nothing"]`, "None"},
		{`m.config["list"]`, `[1, 2.5, "s", [3], {"k": None}]`},
		{"list(m.config)", `["big", "huge_int", "list", "name", "nothing", "on", "port", "ratio"]`},
		{"m.value", `[1, "a"]`},
		{"m.list_value", "[True, None]"},
		{"empty.config", "None"},
		// Timestamp and Duration as lib/time values.
		{"m.at", "2024-05-01 12:30:00.5 +0000 UTC"},
		{"type(m.at)", `"time.time"`},
		{"m.at.year", "2024"},
		{"m.took", "1h30m0.25s"},
		{"type(m.took)", `"time.duration"`},
		{"m.took.seconds", "5400.25"},
		{"empty.at", "None"},
		// Wrappers: their scalar, or None.
		{"m.wrapped_int", "42"},
		{"m.wrapped_str", `"w"`},
		{"empty.wrapped_int", "None"},
		// Defaults of unset scalars.
		{"empty.i64", "0"},
		{"empty.s", `""`},
		{"empty.b", "False"},
		{"empty.color", `"COLOR_UNSPECIFIED"`},
		{"empty.by", `b""`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := evalRepr(t, tt.expr, env); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
			}
		})
	}
}
