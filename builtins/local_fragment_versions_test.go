package builtins_test

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func TestFragmentVersionsOnLocalFleet(t *testing.T) {
	h, srv := localHarness(t)
	h.mustExec(prelude + `
f = fleet.create_fragment("kit", config={"v": 1})
for v in range(2, 6):
    fleet.update_fragment(f.id, "kit", config={"v": v})
expect(fleet.get_fragment(f.id).revision == "5", "each save is a revision")
expect(fleet.get_fragment(f.id, version="2").fragment == {"v": 2}, "get_fragment(version=revision)")

history = fleet.get_fragment_history(f.id)
expect(len(history) == 4 and history[0].revision == "5" and history[0].old.fragment == {"v": 4}, "get_fragment_history newest first")
expect(history[0].config == {"v": 5} and history[0].edited_by.type == "AUTHENTICATION_TYPE_API_KEY", "entry shape")
two = fleet.get_fragment_history(id=f.id, page_limit=2)
expect([e.revision for e in two] == ["5", "4"], "page_limit counts entries")
expect(len(fleet.get_fragment_history(f.id, page_limit=0)) == 4, "page_limit=0 returns all")

tags = fleet.set_fragment_tag(f.id, "stable", "3")
expect([(t.tag, t.revision) for t in tags] == [("stable", "3")], "set_fragment_tag returns the tags")
expect(fleet.get_fragment(f.id, version="stable").fragment == {"v": 3}, "get_fragment(version=tag)")
fleet.set_fragment_tag(fragment_id=f.id, tag="beta", revision="5")
expect([t.tag for t in fleet.delete_fragment_tag(f.id, "beta")] == ["stable"], "delete_fragment_tag returns the rest")

forklift = fleet.list_robots_for_org()[2]
fragments, resolved = fleet.list_machine_fragments(forklift.id)
expect([x.name for x in fragments] == ["warehouse-base", "pallet-vision"], "list_machine_fragments returns (fragments, resolved)")
expect(resolved[0].fragment_id == fragments[0].id and resolved[0].revision == "1", "resolved fragments")
usage = fleet.get_fragment_usage(fragments[0].id)
expect(len(usage) == 1 and usage[0].machines == 3 and usage[0].version == None, "get_fragment_usage per version")

top = fleet.create_fragment("top", config={"fragments": [f.id, {"id": f.id, "version": "stable"}, "nope"]})
nested, resolved = fleet.list_nested_fragments(top.id)
expect([(x.name, x.revision) for x in nested] == [("kit", "5"), ("kit", "3")], "list_nested_fragments resolves both forms and versions")
expect([r.error.error_type for r in resolved if r.error] == ["FRAGMENT_ERROR_TYPE_CHILD_ID_INVALID"], "typed errors")
extra, _ = fleet.list_nested_fragments(additional_fragments=[{"fragment_id": top.id}])
expect(len(extra) == 3, "additional_fragments only")
`)
	wantRPCError(t, h, prelude+`fleet.get_fragment_history("00000000-0000-4000-8000-000000000000")`, "get_fragment_history", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.get_fragment_usage("00000000-0000-4000-8000-000000000000")`, "get_fragment_usage", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.set_fragment_tag(fleet.list_fragments()[0].id, "latest", "1")`, "set_fragment_tag", "INVALID_ARGUMENT")
	wantRPCError(t, h, prelude+`fleet.delete_fragment_tag(fleet.list_fragments()[0].id, "nope")`, "delete_fragment_tag", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.list_nested_fragments("00000000-0000-4000-8000-000000000000")`, "list_nested_fragments", "NOT_FOUND")
	wantRPCError(t, h, prelude+`fleet.list_machine_fragments("00000000-0000-4000-8000-000000000000")`, "list_machine_fragments", "NOT_FOUND")
	h.conn.Calls() // forget the calls so far
	if msg := h.execErr(`fleet.get_fragment_history("00000000-0000-4000-8000-000000000000", page_limit=-1)`); !strings.Contains(msg, "fleet.get_fragment_history: page_limit: must not be negative") {
		t.Errorf("negative page_limit: %q", msg)
	}
	if sent := h.conn.Calls(); len(sent) != 0 {
		t.Errorf("a negative page_limit sent %v", sent)
	}

	fid := `"` + string(h.mustExec(prelude + `fid = fleet.list_fragments()[0].id`)["fid"].(starlark.String)) + `"`
	op := roleHarness(t, srv, h, "operator", "organization", "org.id")
	wantRPCError(t, op, `fleet.set_fragment_tag(`+fid+`, "stable", "1")`, "set_fragment_tag", "PERMISSION_DENIED")
	wantRPCError(t, op, `fleet.get_fragment_history(`+fid+`)`, "get_fragment_history", "PERMISSION_DENIED")
}
