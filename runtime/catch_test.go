package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestCatch(t *testing.T) {
	h := newTestHost(t, Options{Fleet: fakeFleet()}, nil)
	tests := []struct {
		name, src, want string
	}{
		{
			name: "success is truthy with the value",
			src:  `r = catch(fleet.get_robot, "m1"); print(bool(r), r.value["name"], r.error)`,
			want: "True rover None",
		},
		{
			name: "keyword arguments reach fn",
			src:  `print(catch(fleet.get_robot, robot_id="m1").value["id"])`,
			want: "m1",
		},
		{
			name: "an RPC error has the canonical code and the server's message",
			src:  `r = catch(fleet.get_robot, "abc"); print(bool(r), r.value, r.error.code, r.error.message)`,
			want: `False None NOT_FOUND machine "abc" not found`,
		},
		{
			name: "str of an error is its one-line message",
			src:  `print(str(catch(fleet.get_robot, "abc").error))`,
			want: `fleet.get_robot: NOT_FOUND: machine "abc" not found`,
		},
		{
			name: "fail is UNKNOWN with the one-line message",
			src:  `e = catch(fail, "boom").error; print(e.code, "|", e.message)`,
			want: "UNKNOWN | fail: boom",
		},
		{
			name: "errors inside a Starlark function",
			src:  "def f(x):\n    return x + 1\nr = catch(f, \"a\")\nprint(r.error.code, r.error.message)",
			want: "UNKNOWN unknown binary op: string + int",
		},
		{
			name: "repr",
			src:  `print(catch(lambda: 1), catch(fail, "x"))`,
			want: `catch_result(value=1) catch_result(error=error(code="UNKNOWN", message="fail: x"))`,
		},
		{
			name: "attributes",
			src:  `r = catch(fail, "x"); print(dir(r), dir(r.error))`,
			want: `["error", "value"] ["code", "message"]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, tt.src, tt.want+"\n")
		})
	}
}

func TestCatchBadArguments(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	for src, want := range map[string]string{
		`catch()`:  "catch: missing argument fn",
		`catch(1)`: "catch: fn: want a callable, got int",
	} {
		_, errText := h.run(t, src)
		if first, _, _ := strings.Cut(errText, "\n"); first != want {
			t.Errorf("%s: got %q, want %q", src, first, want)
		}
	}
}

// A cancelled run must stop even inside catch: fn here cancels the run
// and then fails, as an RPC interrupted by Ctrl-C does.
func TestCatchDoesNotCatchCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := starkit.NewFunc("interrupted", "Cancels the run and fails.", nil,
		func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			cancel()
			return nil, errors.New("call interrupted")
		})
	h := newTestHost(t, Options{Fleet: interrupted}, nil)
	err := h.RunSnippet(ctx, "r = catch(fleet)\nprint(\"after\")")
	if got := FormatError(err); !strings.HasPrefix(got, "cancelled\n") {
		t.Errorf("got %q, want the run cancelled", got)
	}
	if h.out.Len() != 0 {
		t.Errorf("the script went on after cancel and printed %q", h.out.String())
	}
}

// A builtin's own deadline (not the run's) is caught with its code.
func TestCatchCodesContextErrors(t *testing.T) {
	expired := starkit.NewFunc("slow", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, fmt.Errorf("waiting: %w", context.DeadlineExceeded)
	})
	h := newTestHost(t, Options{Fleet: expired}, nil)
	out, errText := h.run(t, `e = catch(fleet).error; print(e.code, "|", e.message)`)
	if errText != "" {
		t.Fatal(errText)
	}
	if want := "DEADLINE_EXCEEDED | slow: waiting: context deadline exceeded\n"; out != want {
		t.Errorf("printed %q, want %q", out, want)
	}
}
