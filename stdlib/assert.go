package stdlib

import (
	"errors"
	"fmt"
	"regexp"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// The assert module: checks for golden and unit tests of scripts. A
// failed check stops the script with a message that shows the values.

func init() {
	register("assert", starkit.NewModule("assert", assertDoc, starlark.StringDict{
		"eq":       starkit.NewFunc("assert.eq", assertEqDoc, []string{"a", "b", "msg"}, assertEq),
		"ne":       starkit.NewFunc("assert.ne", assertNeDoc, []string{"a", "b", "msg"}, assertNe),
		"true":     starkit.NewFunc("assert.true", assertTrueDoc, []string{"cond", "msg"}, assertTrue),
		"contains": starkit.NewFunc("assert.contains", assertContainsDoc, []string{"container", "x", "msg"}, assertContains),
		"fails":    starkit.NewFunc("assert.fails", assertFailsDoc, []string{"fn", "pattern"}, assertFails),
	}))
}

const (
	assertDoc = `assert: checks for script tests. Each stops the script when the check
fails, with a message showing the values involved.`
	assertEqDoc = `assert.eq(a, b, msg=None)

Fails unless a == b. msg, when given, starts the failure message.`
	assertNeDoc = `assert.ne(a, b, msg=None)

Fails unless a != b.`
	assertTrueDoc = `assert.true(cond, msg=None)

Fails unless cond is truthy.`
	assertContainsDoc = `assert.contains(container, x, msg=None)

Fails unless x in container (a list, tuple, dict, string, fleet result...).`
	assertFailsDoc = `assert.fails(fn, *args, pattern=None)

Calls fn(*args) and fails unless the call fails. Returns the error's
one-line message, so a test can check it further. pattern, when given, is
a regular expression the message must match (re.search).`
)

// failure builds the error of a failed check, led by the optional msg.
func failure(msg starlark.Value, format string, args ...any) error {
	text := fmt.Sprintf(format, args...)
	if s, ok := msg.(starlark.String); ok {
		return fmt.Errorf("%s: %s", string(s), text)
	} else if msg != nil && msg != starlark.None {
		return fmt.Errorf("%s: %s", msg.String(), text)
	}
	return errors.New(text)
}

func assertEq(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return compare(args, kwargs, "assert.eq", true)
}

func assertNe(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return compare(args, kwargs, "assert.ne", false)
}

func compare(args starlark.Tuple, kwargs []starlark.Tuple, name string, wantEqual bool) (starlark.Value, error) {
	var a, b, msg starlark.Value
	if err := starlark.UnpackArgs(name, args, kwargs, "a", &a, "b", &b, "msg?", &msg); err != nil {
		return nil, err
	}
	equal, err := starlark.Equal(a, b)
	if err != nil {
		return nil, err
	}
	switch {
	case wantEqual && !equal:
		return nil, failure(msg, "%s != %s", a.String(), b.String())
	case !wantEqual && equal:
		return nil, failure(msg, "%s == %s", a.String(), b.String())
	}
	return starlark.None, nil
}

func assertTrue(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cond, msg starlark.Value
	if err := starlark.UnpackArgs("assert.true", args, kwargs, "cond", &cond, "msg?", &msg); err != nil {
		return nil, err
	}
	if !cond.Truth() {
		return nil, failure(msg, "%s is not true", cond.String())
	}
	return starlark.None, nil
}

func assertContains(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var container, x, msg starlark.Value
	if err := starlark.UnpackArgs("assert.contains", args, kwargs, "container", &container, "x", &x, "msg?", &msg); err != nil {
		return nil, err
	}
	in, err := starlark.Binary(syntax.IN, x, container)
	if err != nil {
		return nil, fmt.Errorf("container: %w", err)
	}
	if !in.Truth() {
		return nil, failure(msg, "%s does not contain %s", container.String(), x.String())
	}
	return starlark.None, nil
}

func assertFails(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern starlark.Value = starlark.None
	if err := starlark.UnpackArgs("assert.fails", nil, kwargs, "pattern?", &pattern); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, errors.New("missing argument fn")
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("fn: want a callable, got %s", args[0].Type())
	}
	var re *regexp.Regexp
	switch p := pattern.(type) {
	case starlark.NoneType:
	case starlark.String:
		var err error
		if re, err = regexp.Compile(string(p)); err != nil {
			return nil, fmt.Errorf("pattern: invalid regular expression %q: %w", string(p), err)
		}
	default:
		return nil, fmt.Errorf("pattern: want a string or None, got %s", pattern.Type())
	}

	v, callErr := starlark.Call(thread, fn, args[1:], nil)
	if callErr == nil {
		return nil, fmt.Errorf("%s succeeded (returned %s), want an error", fn.Name(), v.String())
	}
	if starkit.EnvOf(thread).Context().Err() != nil {
		return nil, callErr // a cancelled run must stop, not pass the check
	}
	msg := starkit.ErrorMessage(callErr)
	if re != nil && !re.MatchString(msg) {
		return nil, fmt.Errorf("error %q does not match pattern %q", msg, re.String())
	}
	return starlark.String(msg), nil
}
