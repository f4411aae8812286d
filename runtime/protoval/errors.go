package protoval

import (
	"fmt"
	"strconv"

	"go.starlark.net/starlark"
)

// FieldError is a failure to convert a Starlark value to a proto field.
// Path names the field as a script would reach it
// (`add_authorizations[0].resource_type`, `labels["env"]`).
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

func fieldErrorf(path, format string, args ...any) error {
	return &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// typeError reports that v is not what the field wants.
func typeError(path, want string, v starlark.Value) error {
	return &FieldError{Path: path, Msg: "want " + want + ", got " + v.Type()}
}

// fieldPath, indexPath and keyPath extend a path by a field name, a list
// index and a map or dict key, in the syntax a script would use.
func fieldPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func keyPath(path string, key starlark.Value) string {
	return path + "[" + key.String() + "]"
}
