package stdlib

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// parallel.map against a list comprehension, over 64 calls of a builtin
// that waits 1 ms like an RPC would (the case parallel.map is for), and
// over a trivial function (its own overhead).
func BenchmarkParallelMap(b *testing.B) {
	rpc := starkit.NewFunc("rpc", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		time.Sleep(time.Millisecond)
		return starlark.None, nil
	})
	extra := starlark.StringDict{"rpc": rpc}
	for _, bm := range []struct{ name, src string }{
		{"rpc/sequential", "r = [rpc() for _ in range(64)]"},
		{"rpc/parallel-8", "r = parallel.map(lambda _: rpc(), range(64), workers=8)"},
		{"trivial/sequential", "r = [x + 1 for x in range(1000)]"},
		{"trivial/parallel-8", "r = parallel.map(lambda x: x + 1, range(1000), workers=8)"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := runScript(context.Background(), bm.src, extra); err != nil {
					b.Fatal(fmt.Sprint(starkit.ErrorMessage(err)))
				}
			}
		})
	}
}
