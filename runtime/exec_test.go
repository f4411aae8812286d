package runtime

import (
	"context"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func TestExecKeepsGlobalsAndReturnsTrailingExpressions(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{"lib/u.star": "u = 7\n"})
	steps := []struct {
		src  string
		want string // repr of the value; "" for none
	}{
		{"x = 1", ""},
		{"x + 1", "2"},
		{"_ * 10", "20"},
		{"def inc(n):\n    return n + x\n", ""},
		{"inc(1)", "2"},
		{"x = 5", ""},
		{"for i in range(3):\n    x += i\n", ""},
		{"x", "8"},
		{"load(\"lib/u.star\", \"u\")", ""},
		{"u", "7"},
		{"None", "None"},
		{"_", "7"}, // None does not replace _
	}
	for _, s := range steps {
		v, err := h.Exec(context.Background(), s.src)
		if err != nil {
			t.Fatalf("Exec(%q): %s", s.src, FormatError(err))
		}
		got := ""
		if v != nil {
			got = v.String()
		}
		if got != s.want {
			t.Errorf("Exec(%q) = %q, want %q", s.src, got, s.want)
		}
	}
	g := h.Globals()
	for _, name := range []string{"x", "inc", "u", "json", "catch"} {
		if _, ok := g[name]; !ok {
			t.Errorf("Globals() lacks %s", name)
		}
	}
}

func TestExecErrorsLeaveTheSessionUsable(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	ctx := context.Background()
	if _, err := h.Exec(ctx, "x = 1\ny = x + \"a\""); err == nil {
		t.Fatal("want an error")
	} else if got := FormatError(err); !strings.HasPrefix(got, "unknown binary op: int + string\nTraceback (most recent call last):\n  <stdin>:2:7: in <toplevel>") {
		t.Errorf("error text %q", got)
	}
	if _, err := h.Exec(ctx, "x = ("); err == nil {
		t.Fatal("want a syntax error")
	}
	v, err := h.Exec(ctx, "x")
	if err != nil {
		t.Fatal(FormatError(err))
	}
	if v != starlark.MakeInt(1) {
		t.Errorf("x = %v, want 1 (set before the failing statement)", v)
	}
}
