package stdlib

import (
	"context"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

func TestAssert(t *testing.T) {
	runScriptCases(t, []scriptCase{
		{name: "eq passes", src: `assert.eq([1, {"a": 2}], [1, {"a": 2}]); print("ok")`, want: "ok"},
		{name: "eq shows both values", src: `assert.eq("a", ["a"])`, wantErr: `assert.eq: "a" != ["a"]`},
		{name: "eq with msg", src: `assert.eq(1, 2, "count")`, wantErr: `assert.eq: count: 1 != 2`},
		{name: "eq with msg keyword", src: `assert.eq(1, 2, msg="count")`, wantErr: `assert.eq: count: 1 != 2`},
		{name: "eq of uncomparable types", src: `assert.eq(1, "1")`, wantErr: `assert.eq: 1 != "1"`},
		{name: "ne passes", src: `assert.ne(1, 2); print("ok")`, want: "ok"},
		{name: "ne fails", src: `assert.ne((1, 2), (1, 2))`, wantErr: `assert.ne: (1, 2) == (1, 2)`},
		{name: "true passes", src: `assert.true([0]); print("ok")`, want: "ok"},
		{name: "true fails", src: `assert.true({}, "config")`, wantErr: `assert.true: config: {} is not true`},
		{name: "contains list", src: `assert.contains([1, 2], 2); print("ok")`, want: "ok"},
		{name: "contains dict key", src: `assert.contains({"a": 1}, "a"); print("ok")`, want: "ok"},
		{name: "contains substring", src: `assert.contains("robot", "bot"); print("ok")`, want: "ok"},
		{name: "contains fails", src: `assert.contains([1, 2], 3)`, wantErr: `assert.contains: [1, 2] does not contain 3`},
		{name: "contains on a non-container", src: `assert.contains(1, 3)`, wantErr: `assert.contains: container: unknown binary op: int in int`},
		{name: "fails returns the message", src: `print(assert.fails(fail, "boom"))`, want: "fail: boom"},
		{name: "fails with matching pattern", src: `print(assert.fails(lambda: {}["k"], pattern="key .k. not in"))`, want: `key "k" not in dict`},
		{name: "fails when the call succeeds", src: `assert.fails(len, [1])`, wantErr: `assert.fails: len succeeded (returned 1), want an error`},
		{name: "fails when the pattern does not match", src: `assert.fails(fail, "boom", pattern="^bang")`,
			wantErr: `assert.fails: error "fail: boom" does not match pattern "^bang"`},
		{name: "fails with a bad pattern", src: `assert.fails(fail, "x", pattern="(")`,
			wantErr: "assert.fails: pattern: invalid regular expression \"(\": error parsing regexp: missing closing ): `(`"},
		{name: "fails without fn", src: `assert.fails()`, wantErr: "assert.fails: missing argument fn"},
		{name: "fails with a non-callable", src: `assert.fails(1)`, wantErr: "assert.fails: fn: want a callable, got int"},
		{name: "eq missing argument", src: `assert.eq(1)`, wantErr: "assert.eq: missing argument for b"},
	}, nil)
}

// assert.fails must not turn a cancelled run into a passing check.
func TestAssertFailsDoesNotSwallowCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := starkit.NewFunc("interrupted", "", nil, func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		cancel()
		return nil, context.Canceled
	})
	out, err := runScript(ctx, "assert.fails(interrupted)\nprint(\"after\")", starlark.StringDict{"interrupted": interrupted})
	if err == nil || out != "" {
		t.Errorf("got (%q, %v), want the run stopped", out, err)
	}
}
