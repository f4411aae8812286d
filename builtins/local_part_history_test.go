package builtins_test

import (
	"strings"
	"testing"
)

func TestPartHistoryPageLimitOnLocalFleet(t *testing.T) {
	h, _ := localHarness(t)
	h.mustExec(prelude + `
pid = fleet.new_robot_part(robot.id, "v0")
for n in range(1, 5):
    fleet.update_robot_part(pid, "v%d" % n)
every = fleet.get_robot_part_history(pid)
olds = [e.old.name for e in every]
expect(olds[:4] == ["v3", "v2", "v1", "v0"], "history newest first, got %s" % olds)
two = fleet.get_robot_part_history(pid, page_limit=2)
expect([e.old.name for e in two] == ["v3", "v2"], "page_limit=2 returns the 2 newest")
expect(len(fleet.get_robot_part_history(robot_part_id=pid, page_limit=0)) == len(every), "page_limit=0 returns all")
`)
	h.conn.Calls() // forget the calls so far
	msg := h.execErr(`fleet.get_robot_part_history("00000000-0000-4000-8000-000000000000", page_limit=-1)`)
	if !strings.Contains(msg, "fleet.get_robot_part_history: page_limit: must not be negative") {
		t.Errorf("negative page_limit: %q", msg)
	}
	if sent := h.conn.Calls(); len(sent) != 0 {
		t.Errorf("a negative page_limit sent %v", sent)
	}
}
