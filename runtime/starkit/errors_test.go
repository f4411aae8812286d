package starkit

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// exec runs src on a fresh thread with extra predeclared and returns its
// error.
func exec(t *testing.T, src string, extra starlark.StringDict) error {
	t.Helper()
	thread := &starlark.Thread{Name: "test"}
	_, err := starlark.ExecFile(thread, "t.star", src, extra)
	if err == nil {
		t.Fatalf("%q succeeded, want an error", src)
	}
	return err
}

func failing(name string, err error) *Func {
	return NewFunc(name, "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, err
	})
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		name, src string
		extra     starlark.StringDict
		want      string
	}{
		{"fail is named", `fail("boom")`, nil, "fail: boom"},
		{"builtin that names itself", `len(1)`, nil, "len: value of type int has no len"},
		{"starkit.Func prefix", `f()`, starlark.StringDict{"f": failing("mod.f", errors.New("bad x"))}, "mod.f: bad x"},
		{"error already naming the builtin", `f()`, starlark.StringDict{"f": failing("mod.f", errors.New("mod.f: bad x"))}, "mod.f: bad x"},
		{"unqualified self-name is qualified", `f()`, starlark.StringDict{"f": starlark.NewBuiltin("mod.f", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, errors.New("f: bad x")
		})}, "mod.f: bad x"},
		{"no builtin involved", `x = 1 // 0`, nil, "floored division by zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorMessage(exec(t, tt.src, tt.extra)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := ErrorMessage(errors.New("plain")); got != "plain" {
		t.Errorf("plain error: got %q", got)
	}
	if got := ErrorMessage(nil); got != "" {
		t.Errorf("nil: got %q", got)
	}
}

// A builtin that runs Starlark on another thread and returns its error
// nests two evaluation errors; the frames of both show, the caller's first.
func TestErrorFramesThroughAnotherThread(t *testing.T) {
	var inner error
	{
		thread := &starlark.Thread{Name: "other"}
		_, inner = starlark.ExecFile(thread, "other.star", "def g():\n    fail(\"deep\")\ng()\n", nil)
	}
	outer := exec(t, "def f():\n    relay()\nf()\n", starlark.StringDict{"relay": failing("relay", inner)})

	var got []string
	for _, fr := range ErrorFrames(outer) {
		got = append(got, fmt.Sprintf("%s %s", fr.Pos, fr.Name))
	}
	want := "t.star:3:2 <toplevel>|t.star:2:10 f|other.star:3:2 <toplevel>|other.star:2:9 g"
	if strings.Join(got, "|") != want {
		t.Errorf("frames %q, want %q", strings.Join(got, "|"), want)
	}
	if msg := ErrorMessage(outer); msg != "fail: deep" {
		t.Errorf("message %q, want the innermost failure", msg)
	}
	if n := len(EvalErrors(outer)); n != 2 {
		t.Errorf("EvalErrors: %d, want 2", n)
	}
}
