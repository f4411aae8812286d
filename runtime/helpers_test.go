package runtime

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// testHost is a host over a temporary read root holding files, printing
// to out unless the options give another Stdout.
type testHost struct {
	*Host
	dir string
	out *bytes.Buffer
}

func newTestHost(t *testing.T, opts Options, files map[string]string) *testHost {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := new(bytes.Buffer)
	opts.ReadDir = dir
	if opts.Stdout == nil {
		opts.Stdout = out
	}
	h, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return &testHost{Host: h, dir: dir, out: out}
}

// run runs src as a snippet and returns what it printed and the formatted
// error ("" on success).
func (h *testHost) run(t *testing.T, src string) (stdout, errText string) {
	t.Helper()
	h.out.Reset()
	err := h.RunSnippet(context.Background(), src)
	return h.out.String(), FormatError(err)
}

// wantPrinted runs src as a snippet and fails t unless it succeeds having
// printed exactly want.
func (h *testHost) wantPrinted(t *testing.T, src, want string) {
	t.Helper()
	out, errText := h.run(t, src)
	if errText != "" {
		t.Fatalf("error: %s", errText)
	}
	if out != want {
		t.Errorf("printed\n%s\nwant\n%s", out, want)
	}
}

// runFile is run for a file of the read root.
func (h *testHost) runFile(t *testing.T, path string) (stdout, errText string) {
	t.Helper()
	h.out.Reset()
	err := h.RunFile(context.Background(), path)
	return h.out.String(), FormatError(err)
}
