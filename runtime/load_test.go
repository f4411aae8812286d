package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRunsEachModuleOnce(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{
		"lib/util.star":  "print(\"util ran\")\ngreeting = \"hi\"\nitems = [1]\n",
		"lib/other.star": "load(\"lib/util.star\", \"greeting\")\nloud = greeting.upper()\n",
		"main.star":      "load(\"lib/util.star\", \"greeting\")\nload(\"lib/other.star\", \"loud\")\nload(\"./lib//util.star\", \"items\")\nprint(greeting, loud)\n",
	})
	out, errText := h.runFile(t, "main.star")
	if errText != "" {
		t.Fatal(errText)
	}
	if want := "util ran\nhi HI\n"; out != want {
		t.Errorf("first run printed %q, want %q", out, want)
	}
	// The cache belongs to the host: a second run does not run util again.
	out, errText = h.runFile(t, "main.star")
	if errText != "" || out != "hi HI\n" {
		t.Errorf("second run: got (%q, %q), want only the main output", out, errText)
	}
}

func TestLoadedModulesAreFrozen(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{"lib/util.star": "items = [1]\n"})
	_, errText := h.run(t, "load(\"lib/util.star\", \"items\")\nitems.append(2)")
	if !strings.Contains(errText, "frozen list") {
		t.Errorf("got %q, want a frozen-list error", errText)
	}
}

func TestLoadPathsAreRelativeToTheReadRoot(t *testing.T) {
	// lib/a.star loads "lib/b.star", not "b.star": a module has one name.
	h := newTestHost(t, Options{}, map[string]string{
		"lib/a.star": "load(\"lib/b.star\", \"b\")\na = b + 1\n",
		"lib/b.star": "b = 1\n",
		"main.star":  "load(\"lib/a.star\", \"a\")\nprint(a)\n",
	})
	out, errText := h.runFile(t, "main.star")
	if errText != "" || out != "2\n" {
		t.Fatalf("got (%q, %q), want 2", out, errText)
	}
}

func TestLoadErrors(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{
		"lib/a.star":  "load(\"lib/b.star\", \"b\")\na = 1\n",
		"lib/b.star":  "load(\"lib/a.star\", \"a\")\nb = 1\n",
		"self.star":   "load(\"self.star\", \"x\")\nx = 1\n",
		"lib/ok.star": "x = 1\n",
	})
	tests := []struct {
		name, src, want string
	}{
		{
			name: "cycle is named",
			src:  `load("lib/a.star", "a")`,
			want: `cannot load lib/a.star: load cycle: lib/a.star -> lib/b.star -> lib/a.star
Traceback (most recent call last):
  <command-line>:1:1: in <toplevel>
  lib/a.star:1:1: in <toplevel>
  lib/b.star:1:1: in <toplevel>`,
		},
		{
			name: "a module loading itself",
			src:  `load("self.star", "x")`,
			want: `cannot load self.star: load cycle: self.star -> self.star
Traceback (most recent call last):
  <command-line>:1:1: in <toplevel>
  self.star:1:1: in <toplevel>`,
		},
		{
			name: "missing name",
			src:  `load("lib/ok.star", "y")`,
			want: `load: name y not found in module lib/ok.star
Traceback (most recent call last):
  <command-line>:1:1: in <toplevel>`,
		},
		{
			name: "unknown stdlib library",
			src:  `load("@stdlib/nope.star", "x")`,
			want: `cannot load @stdlib/nope.star: no library "nope.star" in @stdlib (have config.star, fleet.star)
Traceback (most recent call last):
  <command-line>:1:1: in <toplevel>`,
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

	t.Run("outside the root is refused", func(t *testing.T) {
		_, got := h.run(t, `load("../x.star", "x")`)
		if !strings.Contains(got, `"../x.star"`) || !strings.Contains(got, h.dir) {
			t.Errorf("got %q, want a refusal naming the path and the root", got)
		}
	})
}

func TestLoadRetriesAFailedModule(t *testing.T) {
	h := newTestHost(t, Options{}, map[string]string{"lib/m.star": "fail(\"not yet\")\n"})
	if _, errText := h.run(t, `load("lib/m.star", "x")`); !strings.Contains(errText, "fail: not yet") {
		t.Fatalf("first load: got %q, want the module's failure", errText)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "lib/m.star"), []byte("x = 42\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errText := h.run(t, "load(\"lib/m.star\", \"x\")\nprint(x)")
	if errText != "" || out != "42\n" {
		t.Errorf("after the fix: got (%q, %q), want 42", out, errText)
	}
}

func TestLoadWithoutReadRoot(t *testing.T) {
	h, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = h.RunSnippet(t.Context(), `load("lib/x.star", "x")`)
	want := "cannot load lib/x.star: no read root to load \"lib/x.star\" from\nTraceback (most recent call last):\n  <command-line>:1:1: in <toplevel>"
	if got := FormatError(err); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
