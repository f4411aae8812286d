package runtime

import (
	"strings"
	"testing"
)

// The embedded @stdlib libraries, run through the host as scripts load
// them.

func TestStdlibFleetLibrary(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, nil)
	tests := []struct {
		name, src, want string
	}{
		{
			name: "walk_locations: parents first, siblings by name",
			src:  `print([l["name"] for l in walk_locations()])`,
			want: `["lab", "warehouse", "aisle", "dock"]`,
		},
		{
			name: "all_machines in walk order",
			src:  `print([m["id"] for m in all_machines()])`,
			want: `["m1", "m4", "m2", "m3"]`,
		},
		{
			name: "find_machine",
			src:  `print(find_machine("crane")["id"], find_machine("nothing"))`,
			want: `m3 None`,
		},
		{
			name: "main_part",
			src:  `print(main_part("m1")["id"])`,
			want: `p1`,
		},
	}
	prelude := `load("@stdlib/fleet.star", "walk_locations", "all_machines", "find_machine", "main_part")` + "\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, prelude+tt.src, tt.want+"\n")
		})
	}

	failures := []struct{ src, want string }{
		{`find_machine("arm")`, `fail: 2 machines are called "arm": m4, m2`},
		{`main_part("m2")`, `fail: machine "m2" has no main part`},
	}
	for _, tt := range failures {
		_, errText := h.run(t, prelude+tt.src)
		if first, _, _ := strings.Cut(errText, "\n"); first != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, first, tt.want)
		}
	}
}

func TestStdlibConfigLibrary(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	prelude := `load("@stdlib/config.star", "get_path", "set_path", "merge", "diff", "component")
cfg = {
    "components": [
        {"name": "arm1", "type": "arm", "attributes": {"speed": 10, "joints": [1, 2]}},
        {"name": "cam", "type": "camera"},
    ],
    "modules": [{"version": "1.0"}],
}
`
	tests := []struct {
		name, src, want string
	}{
		{"get by name", `print(get_path(cfg, "components.arm1.attributes.speed"))`, "10"},
		{"get by index", `print(get_path(cfg, ["modules", 0, "version"]), get_path(cfg, "components.1.type"))`, "1.0 camera"},
		{"get missing", `print(get_path(cfg, "components.nope.type"), get_path(cfg, "x.y", default=7))`, "None 7"},
		{"get empty path", `print(get_path(cfg, "") == cfg)`, "True"},
		{"set existing", `set_path(cfg, "components.arm1.attributes.speed", 20); print(get_path(cfg, "components.arm1.attributes.speed"))`, "20"},
		{"set creates dicts", `set_path(cfg, "network.bind.port", 8080); print(cfg["network"])`, `{"bind": {"port": 8080}}`},
		{"set a named element", `set_path(cfg, "components.cam", {"name": "cam2"}); print(cfg["components"][1])`, `{"name": "cam2"}`},
		{"merge", `print(merge({"a": {"b": 1, "c": 2}, "l": [1]}, {"a": {"c": 3}, "l": [2], "d": 4}))`, `{"a": {"b": 1, "c": 3}, "l": [2], "d": 4}`},
		{"merge leaves its arguments", "b = {\"a\": {\"x\": 1}}\nmerge(b, {\"a\": {\"x\": 2}})\nprint(b)", `{"a": {"x": 1}}`},
		{"component", `print(component(cfg, "cam")["type"], component(cfg, "nope"), component({}, "x"))`, "camera None None"},
		{
			"diff",
			`new = json.decode(json.encode(cfg))
set_path(new, "components.arm1.attributes.speed", 12)
new["components"].pop(1)
new["modules"][0]["version"] = "1.1"
new["agent"] = {"debug": True}
print("\n".join(diff(cfg, new)))`,
			`+ agent: {"debug":true}
~ components.arm1.attributes.speed: 10 -> 12
- components.cam: {"name":"cam","type":"camera"}
~ modules.0.version: "1.0" -> "1.1"`,
		},
		{"no diff", `print(diff(cfg, json.decode(json.encode(cfg))))`, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, prelude+tt.src, tt.want+"\n")
		})
	}

	failures := []struct{ src, want string }{
		{`set_path(cfg, "components.nope.type", 1)`, `fail: set_path: no element "nope" in the list at components`},
		{`set_path(cfg, "components.arm1.type.x", 1)`, `fail: set_path: components.arm1.type is a string, not a dict or list`},
		{`set_path(cfg, "", 1)`, `fail: set_path: empty path`},
	}
	for _, tt := range failures {
		_, errText := h.run(t, prelude+tt.src)
		if first, _, _ := strings.Cut(errText, "\n"); first != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, first, tt.want)
		}
	}
}
