package stdlib

import (
	"errors"
	"fmt"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/sandbox"
	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// The file module: reads below the read root and atomic writes below the
// write root, both through runtime/sandbox, the only code that touches
// files on a script's behalf.

func init() {
	register("file", starkit.NewModule("file", fileDoc, starlark.StringDict{
		"read":       starkit.NewFunc("file.read", fileReadDoc, []string{"path"}, fileRead),
		"read_bytes": starkit.NewFunc("file.read_bytes", fileReadBytesDoc, []string{"path"}, fileReadBytes),
		"write":      starkit.NewFunc("file.write", fileWriteDoc, []string{"path", "data"}, fileWrite),
		"exists":     starkit.NewFunc("file.exists", fileExistsDoc, []string{"path"}, fileExists),
		"list":       starkit.NewFunc("file.list", fileListDoc, []string{"dir"}, fileList),
	}))
}

const (
	fileDoc = `file: read and write files inside the sandbox.

Reads (read, read_bytes, exists, list) look below the read root
(--read-dir, default the script's directory); writes below the write root
(--write-dir, default the current directory). Paths are relative to the
root; absolute paths, "..", symlinks that lead out of the root and special
files (devices, fifos) are refused.

  file.read(path)          -> string
  file.read_bytes(path)    -> bytes
  file.write(path, data)   -> None    (atomic)
  file.exists(path)        -> bool
  file.list(dir=".")       -> list of names`

	fileReadDoc = `file.read(path)

Returns the contents of the file path, below the read root, as a string.`

	fileReadBytesDoc = `file.read_bytes(path)

Returns the contents of the file path, below the read root, as bytes.`

	fileWriteDoc = `file.write(path, data)

Writes data (a string or bytes) to path below the write root, replacing
the file if it exists. The write is atomic: a failed write leaves the old
file whole. The directory must exist (it is not created). Every write of a
run counts against the write limit (--max-write, default 1 GiB).`

	fileExistsDoc = `file.exists(path)

Reports whether path exists below the read root (a file or a directory).`

	fileListDoc = `file.list(dir=".")

Returns the sorted names of the entries of directory dir below the read
root ("." is the root itself).`
)

func readRoot(thread *starlark.Thread) (*sandbox.Root, error) {
	if r := starkit.EnvOf(thread).Read; r != nil {
		return r, nil
	}
	return nil, errors.New("reads are disabled: no read root")
}

func writeRoot(thread *starlark.Thread) (*sandbox.Root, error) {
	if r := starkit.EnvOf(thread).Write; r != nil {
		return r, nil
	}
	return nil, errors.New("writes are disabled: no write root")
}

func fileRead(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	data, err := readFileArg(thread, "file.read", args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.String(data), nil
}

func fileReadBytes(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	data, err := readFileArg(thread, "file.read_bytes", args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(data), nil
}

// readFileArg unpacks (path) and reads that file from the read root.
func readFileArg(thread *starlark.Thread, fn string, args starlark.Tuple, kwargs []starlark.Tuple) ([]byte, error) {
	var path string
	if err := starlark.UnpackArgs(fn, args, kwargs, "path", &path); err != nil {
		return nil, err
	}
	root, err := readRoot(thread)
	if err != nil {
		return nil, err
	}
	return root.ReadFile(path)
}

func fileWrite(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path string
	var data starlark.Value
	if err := starlark.UnpackArgs("file.write", args, kwargs, "path", &path, "data", &data); err != nil {
		return nil, err
	}
	var content []byte
	switch d := data.(type) {
	case starlark.String:
		content = []byte(d)
	case starlark.Bytes:
		content = []byte(d)
	default:
		return nil, fmt.Errorf("for parameter data: got %s, want string or bytes", data.Type())
	}
	root, err := writeRoot(thread)
	if err != nil {
		return nil, err
	}
	if err := root.WriteFile(path, content); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func fileExists(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path string
	if err := starlark.UnpackArgs("file.exists", args, kwargs, "path", &path); err != nil {
		return nil, err
	}
	root, err := readRoot(thread)
	if err != nil {
		return nil, err
	}
	ok, err := root.Exists(path)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

func fileList(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	dir := "."
	if err := starlark.UnpackArgs("file.list", args, kwargs, "dir?", &dir); err != nil {
		return nil, err
	}
	root, err := readRoot(thread)
	if err != nil {
		return nil, err
	}
	names, err := root.List(dir)
	if err != nil {
		return nil, err
	}
	list := make([]starlark.Value, len(names))
	for i, name := range names {
		list[i] = starlark.String(name)
	}
	return starlark.NewList(list), nil
}
