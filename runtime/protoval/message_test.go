package protoval

import (
	"testing"
)

func TestMessageProtocol(t *testing.T) {
	env := kitchenEnv(t)
	tests := []struct{ expr, want string }{
		{"len(m)", "38"},
		{"len(m.inner)", "2"},
		{`m.inner["name"]`, `"in"`},
		{`m.inner.get("name")`, `"in"`},
		{`m.inner.get("nope")`, "None"},
		{`m.inner.get("nope", 7)`, "7"},
		{`m.inner.get(1, 7)`, "7"},
		{`"name" in m.inner`, "True"},
		{`"nope" in m.inner`, "False"},
		{`1 in m.inner`, "False"},
		{"m.inner.keys()", `["name", "count"]`},
		{"m.inner.values()", `["in", 3]`},
		{"m.inner.items()", `[("name", "in"), ("count", 3)]`},
		{"list(m.inner)", `["name", "count"]`},
		{"[k for k in m.inner]", `["name", "count"]`},
		{"list(m)[:4]", `["i32", "i64", "u32", "u64"]`},
		{"dict(m.inner)", `{"name": "in", "count": 3}`},
		{`dict(m)["tags"]`, `["x", "y"]`},
		{`{k: v for k, v in m.inner.items()}`, `{"name": "in", "count": 3}`},
		{"dir(m.inner)", `["count", "get", "items", "keys", "name", "values"]`},
		{`"i32" in dir(m) and "keys" in dir(m)`, "True"},
		{"type(m)", `"Kitchen"`},
		{`getattr(m.inner, "nope", 5)`, "5"},
		{`hasattr(m.inner, "nope")`, "False"},
		{`hasattr(m.inner, "name")`, "True"},
		{`hasattr(m.inner, "keys")`, "True"},
		{"m == m", "True"},
		{"m == empty", "False"},
		{"m != empty", "True"},
		{"m.inner == m.inners[0]", "False"},
		{"m.sub.sub == m.sub.sub", "True"},
		{`m.inner == {"name": "in", "count": 3}`, "False"},
		{"bool(m.inner)", "True"},
		{`"%(name)s=%(count)d" % m.inner`, `"in=3"`},
		{"str(m.inner)", `"Inner(name = \"in\", count = 3)"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := evalRepr(t, tt.expr, env); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
			}
		})
	}
}

func TestMessageReadErrors(t *testing.T) {
	env := kitchenEnv(t)
	tests := []struct{ src, want string }{
		{`m.inner["nam"]`, `key "nam" not in Inner (did you mean "name"?)`},
		{`m.inner["zzzzzz"]`, `key "zzzzzz" not in Inner`},
		{`m.inner[0]`, `Inner key must be a string, not int`},
		{`m.inner.nmae`, `Inner has no .nmae field or method (did you mean .name?)`},
		{`m.inner["name"] = "x"`, `Inner value does not support item assignment`},
		{`m.inner.name = "x"`, `can't assign to .name field of Inner`},
		{`{m.inner: 1}`, `unhashable type: Inner`},
		{`{m.tags: 1}`, `unhashable type: proto.list`},
		{`{m.counts: 1}`, `unhashable type: proto.map`},
		{`m.inners[2]`, `proto.list index 2 out of range [-2:1]`},
		{`m.tags.append("z")`, `proto.list has no .append field or method`},
		{`m.counts["zz"]`, `key "zz" not in proto.map`},
		{`m.counts[1]`, `proto.map: want string key, got int`},
		{`m.counts["a"] = 1`, `proto.map value does not support item assignment`},
		{`m.inner < m.inner`, `Inner < Inner not supported`},
		{`m.tags < m.tags`, `proto.list < proto.list not supported`},
		{`m.counts.kyes()`, `proto.map has no .kyes field or method (did you mean .keys?)`},
		{`m.inner.get()`, `get: got 0 arguments, want at least 1`},
		{`m.inner.keys(1)`, `keys: got 1 arguments, want 0`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := scriptError(t, tt.src, env); got != tt.want {
				t.Errorf("%s:\n got: %s\nwant: %s", tt.src, got, tt.want)
			}
		})
	}
}
