package protoval

import (
	"errors"
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

// Conversion errors are made where the bad value is, with an empty path,
// and gain one path segment per level as they return through the nested
// values. Paths therefore cost nothing unless a conversion fails.

func fieldErrorf(format string, args ...any) error {
	return &FieldError{Msg: fmt.Sprintf(format, args...)}
}

// typeError reports that v is not what the field wants.
func typeError(want string, v starlark.Value) error {
	return &FieldError{Msg: "want " + want + ", got " + v.Type()}
}

// inField, atIndex and atKey put a field name, a list index or a map or
// dict key in front of err's path; withPath puts a caller's path there.
func inField(err error, name string) error { return prependPath(err, name) }

func atIndex(err error, i int) error {
	return prependPath(err, "["+strconv.Itoa(i)+"]")
}

func atKey(err error, key starlark.Value) error {
	return prependPath(err, "["+key.String()+"]")
}

func withPath(err error, path string) error {
	if path == "" {
		return err
	}
	return prependPath(err, path)
}

func prependPath(err error, segment string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	switch {
	case fe.Path == "":
		fe.Path = segment
	case fe.Path[0] == '[':
		fe.Path = segment + fe.Path
	default:
		fe.Path = segment + "." + fe.Path
	}
	return err
}
