package repl

import (
	"fmt"
	"io"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// BenchmarkCompleteMethod completes a method of a module as large as the
// fleet module (120 methods): the work of one Tab press.
func BenchmarkCompleteMethod(b *testing.B) {
	members := starlark.StringDict{}
	for i := range 120 {
		name := fmt.Sprintf("method_%03d", i)
		members[name] = starkit.NewFunc("fleet."+name, "", []string{"org_id", "location_id"}, nil)
	}
	host := newFakeHost(io.Discard)
	host.set("big", starkit.NewModule("big", "", members))
	c := newCompleter(host, nil)
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := c.complete("", "x = big.method_11"); len(got) != 10 {
			b.Fatalf("got %d candidates, want 10", len(got))
		}
	}
}

// BenchmarkChunkReader assembles a typical multi-line block.
func BenchmarkChunkReader(b *testing.B) {
	lines := []any{"for loc in fleet.list_locations():", "    for r in fleet.list_robots(location_id=loc.id):", "        print(r.name)", ""}
	b.ReportAllocs()
	for b.Loop() {
		r := &chunkReader{src: &scriptedLines{items: lines}}
		if _, err := r.Next(); err != nil {
			b.Fatal(err)
		}
	}
}
