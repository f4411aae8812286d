package runtime

import (
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestRunSnippetPrintsAndSeesPredeclared(t *testing.T) {
	fleet := starlark.String("the-fleet")
	h := newTestHost(t, Options{Fleet: fleet, Argv: []string{"a", "b c"}}, nil)
	tests := []struct {
		name, src, want string
	}{
		{"fleet", `print(fleet)`, "the-fleet\n"},
		{"argv", `print(argv)`, `["a", "b c"]` + "\n"},
		{"json", `print(json.encode({"a": [1, 2]}))`, `{"a":[1,2]}` + "\n"},
		{"math", `print(math.floor(2.5))`, "2\n"},
		{"time", `print(time.parse_duration("90s"))`, "1m30s\n"},
		{"assert", `assert.eq(1, 1); print("ok")`, "ok\n"},
		{"parallel", `print(parallel.map(lambda x: x * 2, [1, 2]))`, "[2, 4]\n"},
		{"catch", `print(bool(catch(lambda: 1)))`, "True\n"},
		{"fail is universal", `print(type(fail))`, "builtin_function_or_method\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, tt.src, tt.want)
		})
	}
}

func TestArgvIsFrozen(t *testing.T) {
	h := newTestHost(t, Options{Argv: []string{"x"}}, nil)
	_, errText := h.run(t, `argv.append("y")`)
	if !strings.Contains(errText, "frozen") {
		t.Errorf("appending to argv: got %q, want a frozen-list error", errText)
	}
}

func TestNoFleetWhenNil(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	_, errText := h.run(t, `fleet`)
	if !strings.Contains(errText, "undefined: fleet") {
		t.Errorf("got %q, want undefined fleet", errText)
	}
}

// The dialect: what real scripts use beyond core Starlark.
func TestDialectOptions(t *testing.T) {
	h := newTestHost(t, Options{}, nil)
	tests := []struct {
		name, src, want string
	}{
		{"while", "i = 0\nwhile i < 3:\n    i += 1\nprint(i)", "3\n"},
		{"top-level for and if", "for x in [1]:\n    if x:\n        print(x)", "1\n"},
		{"global reassign", "x = 1\nx = 2\nprint(x)", "2\n"},
		{"recursion", "def f(n):\n    return 1 if n == 0 else n * f(n - 1)\nprint(f(5))", "120\n"},
		{"set", "print(sorted(set([2, 1, 2])))", "[1, 2]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.wantPrinted(t, tt.src, tt.want)
		})
	}
}

func TestNowSetsTheScriptClock(t *testing.T) {
	fixed := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	h := newTestHost(t, Options{Now: func() time.Time { return fixed }}, nil)
	// Also through a parallel.map worker, whose thread the host did not make.
	out, errText := h.run(t, `print(time.now()); print(parallel.map(lambda _: time.now(), [0])[0])`)
	if errText != "" {
		t.Fatal(errText)
	}
	want := "2024-05-06 07:08:09 +0000 UTC\n2024-05-06 07:08:09 +0000 UTC\n"
	if out != want {
		t.Errorf("printed %q, want %q", out, want)
	}
}

func TestRunFileReadsThroughTheReadRoot(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{"dir/main.star": `print("main ran")`})
	out, errText := h.runFile(t, "dir/main.star")
	if errText != "" || out != "main ran\n" {
		t.Fatalf("got (%q, %q), want the script's output", out, errText)
	}

	_, errText = h.runFile(t, "../outside.star")
	if !strings.Contains(errText, `"../outside.star"`) || !strings.Contains(errText, h.dir) {
		t.Errorf("escaping path: got %q, want a refusal naming the path and the root", errText)
	}
	_, errText = h.runFile(t, "missing.star")
	if !strings.Contains(errText, `"missing.star"`) {
		t.Errorf("missing file: got %q, want an error naming it", errText)
	}
}

func TestRunFileWithoutReadRoot(t *testing.T) {
	h, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = h.RunFile(t.Context(), "main.star")
	if got, want := FormatError(err), `read "main.star": no read root`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
