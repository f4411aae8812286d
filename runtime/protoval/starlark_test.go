package protoval

import (
	"errors"
	"testing"

	"go.starlark.net/lib/json"
	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// scriptOptions are the dialect options fleetscript runs scripts with.
var scriptOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// maxTestSteps bounds every test script; the benchmark loop over 10,000
// robots takes about 200,000 steps.
const maxTestSteps = 10_000_000

// execScript runs src as a real Starlark file with env predeclared (plus
// the json and time modules) and returns its globals.
func execScript(src string, env starlark.StringDict) (starlark.StringDict, error) {
	predeclared := starlark.StringDict{"json": json.Module, "time": startime.Module}
	for k, v := range env {
		predeclared[k] = v
	}
	thread := &starlark.Thread{Name: "test"}
	thread.SetMaxExecutionSteps(maxTestSteps) // fuzzed input may loop forever
	return starlark.ExecFileOptions(scriptOptions, thread, "test.star", src, predeclared)
}

// evalRepr evaluates expr and returns the repr of its value.
func evalRepr(t *testing.T, expr string, env starlark.StringDict) string {
	t.Helper()
	globals, err := execScript("out = "+expr, env)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return globals["out"].String()
}

// scriptError runs src, which must fail, and returns the error message
// without the backtrace.
func scriptError(t *testing.T, src string, env starlark.StringDict) string {
	t.Helper()
	_, err := execScript(src, env)
	if err == nil {
		t.Fatalf("%s: no error", src)
	}
	var evalErr *starlark.EvalError
	if errors.As(err, &evalErr) {
		return evalErr.Msg
	}
	return err.Error()
}
