package runtime

import (
	"context"
	"io"
	"testing"
)

// The host's own cost per run: a thread, the predeclared names, a trivial
// script.
func BenchmarkRunSnippet(b *testing.B) {
	h, err := New(Options{Stdout: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := h.RunSnippet(ctx, "x = 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// catch around a call, against the bare call.
func BenchmarkCatch(b *testing.B) {
	for _, bm := range []struct{ name, src string }{
		{"bare", "def f(x):\n    return x\nfor i in range(1000):\n    f(i)"},
		{"catch", "def f(x):\n    return x\nfor i in range(1000):\n    catch(f, i)"},
		{"catch-failing", "def f(x):\n    fail(x)\nfor i in range(1000):\n    catch(f, i)"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			h, err := New(Options{Stdout: io.Discard})
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			b.ReportAllocs()
			for b.Loop() {
				if err := h.RunSnippet(context.Background(), bm.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
