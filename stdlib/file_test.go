package stdlib_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/sandbox"
	"github.com/fleetscript/fleetscript/runtime/starkit"
	"github.com/fleetscript/fleetscript/stdlib"
)

// scriptEnv runs snippets as a script would see them: the standard
// modules predeclared, a thread from a starkit.Env whose read and write
// roots are temporary directories.
type scriptEnv struct {
	readDir, writeDir string
	env               *starkit.Env
}

func newScriptEnv(t *testing.T) *scriptEnv {
	t.Helper()
	se := &scriptEnv{readDir: t.TempDir(), writeDir: t.TempDir()}
	read, err := sandbox.Open(se.readDir, sandbox.Options{Role: "read"})
	if err != nil {
		t.Fatal(err)
	}
	write, err := sandbox.Open(se.writeDir, sandbox.Options{Role: "write", MaxWrite: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { read.Close(); write.Close() })
	se.env = &starkit.Env{Ctx: context.Background(), Read: read, Write: write}
	return se
}

// run executes src and returns its globals.
func (se *scriptEnv) run(src string) (starlark.StringDict, error) {
	thread, stop := se.env.NewThread("test")
	defer stop()
	return starlark.ExecFile(thread, "test.star", src, stdlib.Predeclared())
}

// eval runs src, which must set result, and returns repr(result).
func (se *scriptEnv) eval(src string) (string, error) {
	globals, err := se.run(src)
	if err != nil {
		return "", err
	}
	result, ok := globals["result"]
	if !ok {
		return "", errors.New("the snippet set no result")
	}
	return result.String(), nil
}

// snippetCase is one snippet and either the repr of its result or a
// fragment of its error.
type snippetCase struct {
	name    string
	src     string
	want    string // repr(result)
	wantErr string // substring of the error
}

func runSnippets(t *testing.T, se *scriptEnv, tests []snippetCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := se.eval(tc.src)
			switch {
			case tc.wantErr != "":
				if err == nil {
					t.Fatalf("got %s, want an error containing %q", got, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %q does not contain %q", err, tc.wantErr)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			case got != tc.want:
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFile(t *testing.T) {
	se := newScriptEnv(t)
	if err := os.WriteFile(filepath.Join(se.readDir, "hello.txt"), []byte("héllo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(se.readDir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(se.readDir, "sub", "b.bin"), []byte{0, 1, 2}, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(se.writeDir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	readDir, writeDir := se.readDir, se.writeDir

	runSnippets(t, se, []snippetCase{
		{name: "read", src: `result = file.read("hello.txt")`, want: `"héllo\n"`},
		{name: "read keyword", src: `result = file.read(path="sub/b.bin")`, want: `"\x00\x01\x02"`},
		{name: "read_bytes", src: `result = file.read_bytes("sub/b.bin")`, want: `b"\x00\x01\x02"`},
		{name: "exists", src: `result = [file.exists(p) for p in ["hello.txt", "sub", "nope", "sub/nope"]]`, want: `[True, True, False, False]`},
		{name: "list root", src: `result = file.list()`, want: `["hello.txt", "sub"]`},
		{name: "list dir", src: `result = file.list("sub")`, want: `["b.bin"]`},
		{name: "list keyword", src: `result = file.list(dir="sub")`, want: `["b.bin"]`},
		{name: "write string", src: `result = file.write("out/a.txt", "text")`, want: `None`},
		{name: "write bytes", src: `result = file.write("b.bin", b"\x00\xff")`, want: `None`},
		{name: "rewrite", src: "file.write(\"c.txt\", \"one\")\nresult = file.write(\"c.txt\", \"two\")", want: `None`},

		{name: "read missing", src: `result = file.read("nope")`, wantErr: `file.read: read "nope": no such file or directory in the read root ` + readDir},
		{name: "read escape", src: `result = file.read("../x")`, wantErr: `file.read: read "../x": path escapes the read root ` + readDir},
		{name: "read absolute", src: `result = file.read("/etc/passwd")`, wantErr: `file.read: read "/etc/passwd": absolute path not allowed in the read root`},
		{name: "read directory", src: `result = file.read_bytes("sub")`, wantErr: `file.read_bytes: read "sub": is a directory in the read root`},
		{name: "write escape", src: `result = file.write("../x", "data")`, wantErr: `file.write: write "../x": path escapes the write root ` + writeDir},
		{name: "write missing dir", src: `result = file.write("nodir/x", "data")`, wantErr: `file.write: write "nodir/x": parent directory does not exist in the write root ` + writeDir},
		{name: "write goes to the write root", src: `result = file.read("out/a.txt")`, wantErr: `no such file or directory in the read root`},
		{name: "write bad data", src: `result = file.write("x", 42)`, wantErr: `file.write: for parameter data: got int, want string or bytes`},
		{name: "write missing data", src: `result = file.write("x")`, wantErr: `file.write: missing argument for data`},
		{name: "read bad path type", src: `result = file.read(1)`, wantErr: `file.read: for parameter path: got int, want string`},
		{name: "list a file", src: `result = file.list("hello.txt")`, wantErr: `file.list: list "hello.txt": not a directory in the read root`},
		{name: "exists escape", src: `result = file.exists("../x")`, wantErr: `file.exists: exists "../x": path escapes the read root`},
		{name: "unknown keyword", src: `result = file.read(name="x")`, wantErr: `file.read: unexpected keyword argument "name"`},
	})

	for name, want := range map[string]string{"out/a.txt": "text", "b.bin": "\x00\xff", "c.txt": "two"} {
		got, err := os.ReadFile(filepath.Join(writeDir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestFileWithoutRoots(t *testing.T) {
	se := newScriptEnv(t)
	se.env.Read, se.env.Write = nil, nil
	runSnippets(t, se, []snippetCase{
		{name: "write", src: `file.write("x", "y")`, wantErr: "file.write: writes are disabled: no write root"},
		{name: "read", src: `file.read("x")`, wantErr: "file.read: reads are disabled: no read root"},
		{name: "list", src: `file.list()`, wantErr: "file.list: reads are disabled: no read root"},
		{name: "exists", src: `file.exists("x")`, wantErr: "file.exists: reads are disabled: no read root"},
	})
}

// TestModuleDocs: help() prints Doc(), so every module and member of ours
// must have one that starts with its own name.
func TestModuleDocs(t *testing.T) {
	predeclared := stdlib.Predeclared()
	for _, name := range []string{"file", "re", "table"} {
		v, ok := predeclared[name]
		if !ok {
			t.Fatalf("%s is not predeclared", name)
		}
		doc, ok := v.(starkit.Documented)
		if !ok || !strings.HasPrefix(doc.Doc(), name) {
			t.Errorf("%s has no doc starting with its name", name)
		}
		mod, ok := v.(*starkit.Module)
		if !ok {
			continue
		}
		for _, member := range mod.AttrNames() {
			m, _ := mod.Attr(member)
			d, ok := m.(starkit.Documented)
			if !ok || !strings.HasPrefix(d.Doc(), name+"."+member+"(") {
				t.Errorf("%s.%s has no doc starting with its signature", name, member)
			}
			if !strings.Contains(mod.Doc(), name+"."+member) {
				t.Errorf("the %s module doc does not mention %s", name, member)
			}
		}
	}
}
