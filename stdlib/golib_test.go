package stdlib

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// runScript runs src with the standard modules predeclared, on a thread of
// an Env with ctx, and returns what it printed and its error.
func runScript(ctx context.Context, src string, extra starlark.StringDict) (string, error) {
	var out bytes.Buffer
	env := &starkit.Env{Ctx: ctx, Stdout: &out, Stderr: &out}
	thread, stop := env.NewThread("test")
	defer stop()
	predeclared := Predeclared()
	for name, v := range extra {
		predeclared[name] = v
	}
	opts := &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	_, err := starlark.ExecFileOptions(opts, thread, "test.star", src, predeclared)
	return out.String(), err
}

type scriptCase struct {
	name, src string
	want      string // printed output, without the final newline
	wantErr   string // the error's one-line message; "" for success
}

func runScriptCases(t *testing.T, tests []scriptCase, extra starlark.StringDict) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runScript(context.Background(), tt.src, extra)
			if got := starkit.ErrorMessage(err); got != tt.wantErr {
				t.Fatalf("error %q, want %q", got, tt.wantErr)
			}
			if tt.wantErr == "" && out != tt.want+"\n" {
				t.Errorf("printed %q, want %q", out, tt.want+"\n")
			}
		})
	}
}

func TestGoModules(t *testing.T) {
	runScriptCases(t, []scriptCase{
		{name: "json round trip", src: `print(json.decode(json.encode({"a": [1, 2.5, None]})))`, want: `{"a": [1, 2.5, None]}`},
		{name: "json indent", src: `print(json.encode_indent([1], indent=" "))`, want: "[\n 1\n]"},
		{name: "json error names the function", src: `json.decode("{")`, wantErr: "json.decode: at offset 1, unexpected end of file"},
		{name: "math", src: `print(math.sqrt(16), math.pi > 3)`, want: "4.0 True"},
		{name: "time arithmetic", src: `print(time.parse_time("2024-01-01T00:00:00Z") + 90 * time.minute)`, want: "2024-01-01 01:30:00 +0000 UTC"},
		{name: "members are the library's own", src: `print(time.second, math.e > 2)`, want: "1s True"},
		{name: "qualified name in repr", src: `print(json.encode)`, want: "<built-in function json.encode>"},
	}, nil)
}

// Every function of json, time and math has a doc that starts with how to
// call it.
func TestGoModulesAreDocumented(t *testing.T) {
	for _, name := range []string{"json", "time", "math"} {
		m := modules[name].(*starkit.Module)
		if m.Doc() == "" {
			t.Errorf("%s has no doc", name)
		}
		for _, member := range m.AttrNames() {
			v, _ := m.Attr(member)
			if _, ok := v.(starlark.Callable); !ok {
				continue
			}
			d, ok := v.(starkit.Documented)
			if !ok {
				t.Errorf("%s.%s has no doc", name, member)
				continue
			}
			if want := name + "." + member + "("; !strings.HasPrefix(d.Doc(), want) {
				t.Errorf("%s.%s doc starts %q, want %q", name, member, firstLine(d.Doc()), want)
			}
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
