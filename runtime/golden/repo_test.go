package golden

import (
	"flag"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the repository's tests")

// TestRepositoryGoldens runs every golden test the repository keeps: the
// script tests under testdata/ and the automation scripts under scripts/.
func TestRepositoryGoldens(t *testing.T) {
	tests, err := Find("../../testdata", "../../scripts")
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) == 0 {
		t.Fatal("no golden tests found under testdata/ and scripts/")
	}
	for _, script := range tests {
		t.Run(script, func(t *testing.T) {
			out, err := Check(t.Context(), script, Options{Update: *update})
			if err != nil {
				t.Fatal(err)
			}
			if out.Status == Mismatch {
				t.Errorf("output differs from the golden (go test ./runtime/golden -update, or fleetscript test -update %s):\n%s", script, out.Diff)
			}
		})
	}
}
