package runtime

import (
	"context"
	"errors"
	"testing"

	"go.starlark.net/starlark"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestFormatErrorExactText(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, map[string]string{
		"lib/bad.star": "def f():\n    fail(\"bad module\")\nf()\n",
	})
	tests := []struct {
		name, src, want string
	}{
		{
			name: "rpc error names the method once",
			src:  "def get(id):\n    return fleet.get_robot(id)\nget(\"abc\")",
			want: `fleet.get_robot: NOT_FOUND: machine "abc" not found
Traceback (most recent call last):
  <command-line>:3:4: in <toplevel>
  <command-line>:2:27: in get`,
		},
		{
			name: "fail reads naturally",
			src:  "def check(x):\n    fail(\"bad value:\", x)\ncheck(3)",
			want: `fail: bad value: 3
Traceback (most recent call last):
  <command-line>:3:6: in <toplevel>
  <command-line>:2:9: in check`,
		},
		{
			name: "a Starlark error has no builtin to name",
			src:  "x = 1 + \"a\"",
			want: `unknown binary op: int + string
Traceback (most recent call last):
  <command-line>:1:7: in <toplevel>`,
		},
		{
			name: "a go.starlark.net builtin is named by its module",
			src:  "time.parse_duration(\"soon\")",
			want: `time.parse_duration: for parameter 1: time: invalid duration "soon"
Traceback (most recent call last):
  <command-line>:1:20: in <toplevel>`,
		},
		{
			name: "a callback on the same thread is not traced twice",
			src:  "def by(v):\n    return v + \"s\"\nsorted([1, 2], key=by)",
			want: `unknown binary op: int + string
Traceback (most recent call last):
  <command-line>:3:7: in <toplevel>
  <command-line>:2:14: in by`,
		},
		{
			name: "an error in a loaded module traces through the load",
			src:  "load(\"lib/bad.star\", \"f\")",
			want: `fail: bad module
Traceback (most recent call last):
  <command-line>:1:1: in <toplevel>
  lib/bad.star:3:2: in <toplevel>
  lib/bad.star:2:9: in f`,
		},
		{
			name: "syntax error is one line",
			src:  "x = (",
			want: `<command-line>:1:6: got end of file, want primary expression`,
		},
		{
			name: "undefined name is one line",
			src:  "print(nope)",
			want: `<command-line>:1:7: undefined: nope`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := h.run(t, tt.src)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestScriptErrorKeepsTheOriginalError(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, nil)
	err := h.RunSnippet(context.Background(), `fleet.get_robot("abc")`)

	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("got %T, want *ScriptError", err)
	}
	if want := `fleet.get_robot: NOT_FOUND: machine "abc" not found`; se.Error() != want {
		t.Errorf("Error() = %q, want %q", se.Error(), want)
	}
	var rpc *rpcError
	if !errors.As(err, &rpc) {
		t.Fatal("errors.As cannot reach the builtin's error")
	}
	if st, _ := status.FromError(err); st.Code() != codes.NotFound {
		t.Errorf("status code = %v, want NotFound", st.Code())
	}
}

func TestFormatErrorOfPlainErrors(t *testing.T) {
	if got := FormatError(nil); got != "" {
		t.Errorf("FormatError(nil) = %q", got)
	}
	if got := FormatError(errors.New("plain")); got != "plain" {
		t.Errorf("FormatError(plain) = %q", got)
	}
}

// A panicking builtin fails the run instead of ending the program, so a
// REPL session survives a bug.
func TestPanicBecomesInternalError(t *testing.T) {
	broken := starkit.NewFunc("broken", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		var m map[string]int
		m["x"] = 1 // a nil-map write: a typical bug
		return starlark.None, nil
	})
	h := newTestHost(t, Options{Fleet: broken}, nil)
	for _, run := range []func() error{
		func() error { return h.RunSnippet(context.Background(), "fleet()") },
		func() error { _, err := h.Exec(context.Background(), "fleet()"); return err },
	} {
		err := run()
		var ie *InternalError
		if !errors.As(err, &ie) || len(ie.Stack) == 0 {
			t.Fatalf("got %v, want an *InternalError with a stack", err)
		}
		if want := "internal error: assignment to entry in nil map (a bug in fleetscript: please report it)"; FormatError(err) != want {
			t.Errorf("got %q, want %q", FormatError(err), want)
		}
	}
	if v, err := h.Exec(context.Background(), "1 + 1"); err != nil || v.String() != "2" {
		t.Errorf("after the panic: Exec = %v, %v", v, err)
	}
}
