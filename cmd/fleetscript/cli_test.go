package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/conn"
)

func TestReportExitCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"ok", nil, exitOK},
		{"help", flag.ErrHelp, exitOK},
		{"usage", usagef("bad"), exitUsage},
		{"no credentials", fmt.Errorf("open: %w", conn.ErrNoCredentials), exitUsage},
		{"config", fmt.Errorf("open: %w", conn.ErrConfig), exitUsage},
		{"script", &runtime.ScriptError{Message: "fail: x"}, exitFailure},
		{"other", errors.New("disk on fire"), exitFailure},
		{"mismatch", exitCode(exitMismatch), exitMismatch},
	}
	for _, tt := range tests {
		var w bytes.Buffer
		if got := report(&w, tt.err); got != tt.want {
			t.Errorf("%s: report = %d, want %d (printed %q)", tt.name, got, tt.want, w.String())
		}
	}
}

func TestCheckLoopback(t *testing.T) {
	tests := map[string]bool{
		"127.0.0.1:8080": true,
		"localhost:0":    true,
		"[::1]:9000":     true,
		"0.0.0.0:8080":   false,
		":8080":          false,
		"10.0.0.2:8080":  false,
		"example.com:80": false,
		"127.0.0.1":      false, // no port
	}
	for addr, ok := range tests {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

func TestScriptInRoot(t *testing.T) {
	tests := []struct {
		script, root, want string
		ok                 bool
	}{
		{"scripts/a.star", "scripts", "a.star", true},
		{"scripts/sub/a.star", "scripts", "sub/a.star", true},
		{"a.star", ".", "a.star", true},
		{"other/a.star", "scripts", "", false},
		{"../a.star", ".", "", false},
	}
	for _, tt := range tests {
		got, err := scriptInRoot(tt.script, tt.root)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("scriptInRoot(%q, %q) = %q, %v; want %q ok=%v", tt.script, tt.root, got, err, tt.want, tt.ok)
		}
	}
}

// The index lists groups in the API's order, a base group before the one
// extending it, and every method once.
func TestDocIndexGroups(t *testing.T) {
	methods := builtins.Methods()
	groups, byGroup := methodGroups(methods)
	pos := map[string]int{}
	listed := 0
	for i, g := range groups {
		pos[g] = i
		listed += len(byGroup[g])
	}
	if listed != len(methods) {
		t.Errorf("the groups hold %d methods, want %d", listed, len(methods))
	}
	for _, order := range [][2]string{
		{"organizations", "locations"},
		{"locations", "robots"},
		{"locations", "location sharing"},
		{"fragments", "fragment versions"},
	} {
		before, ok1 := pos[order[0]]
		after, ok2 := pos[order[1]]
		if !ok1 || !ok2 {
			t.Errorf("no group %q or %q; groups: %q", order[0], order[1], groups)
		} else if before >= after {
			t.Errorf("group %q listed after %q; groups: %q", order[0], order[1], groups)
		}
	}
}

// TestDispatchInProcess runs sub-commands on buffers: streams and exit
// codes without building the binary.
func TestDispatchInProcess(t *testing.T) {
	// Never find the developer's own credentials.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("VIAM_HOME", home)
	t.Setenv("VIAM_API_KEY_ID", "")
	t.Setenv("VIAM_API_KEY", "")
	tests := []struct {
		args             []string
		stdin            string
		wantCode         int
		wantOut, wantErr string
	}{
		{[]string{"run", "--local", "-c", "print('hi', argv)", "a"}, "", exitOK, "hi [\"a\"]\n", ""},
		{[]string{"run", "--local", "-c", "fail('no')"}, "", exitFailure, "", "fail: no"},
		{[]string{"run", "-c", "print(1)"}, "", exitUsage, "", "--local"},
		{[]string{"repl", "--local"}, "1 + 1\n", exitOK, "2\n", ""},
		{[]string{"doc", "catch"}, "", exitOK, "catch(", ""},
		{[]string{"nope"}, "", exitUsage, "", "unknown command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := dispatch(tt.args, stdio{in: strings.NewReader(tt.stdin), out: &out, errOut: &errOut})
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout %q, want it to contain %q", out.String(), tt.wantOut)
			}
			if !strings.Contains(errOut.String(), tt.wantErr) {
				t.Errorf("stderr %q, want it to contain %q", errOut.String(), tt.wantErr)
			}
		})
	}
}
