package builtins

import (
	"errors"
	"fmt"
	"math"

	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/fleetscript/fleetscript/internal/spell"
)

// bind matches positional and keyword arguments to the declared parameters
// and applies defaults. It returns one value per parameter; an absent
// optional parameter holds its default (None for most).
func (m *method) bind(args starlark.Tuple, kwargs []starlark.Tuple) ([]starlark.Value, error) {
	if len(args) > len(m.params) {
		return nil, m.argErrorf("got %d positional arguments, want at most %d", len(args), len(m.params))
	}
	vals := make([]starlark.Value, len(m.params))
	copy(vals, args)
	for _, kw := range kwargs {
		name := string(kw[0].(starlark.String))
		i, ok := m.index[name]
		if !ok {
			if near := spell.Nearest(name, m.names); near != "" {
				return nil, m.argErrorf("unexpected keyword argument %q (did you mean %q?)", name, near)
			}
			return nil, m.argErrorf("unexpected keyword argument %q", name)
		}
		if vals[i] != nil {
			return nil, m.argErrorf("got multiple values for argument %s", name)
		}
		vals[i] = kw[1]
	}
	for i, p := range m.params {
		if vals[i] != nil {
			if err := m.check(i, vals[i]); err != nil {
				return nil, err
			}
			continue
		}
		if p.def == nil {
			return nil, m.argErrorf("missing argument %s", p.name)
		}
		vals[i] = p.def
	}
	return vals, nil
}

// check verifies an explicit argument against its parameter's kind.
// Arguments typed by a message field are checked when they fill it.
func (m *method) check(i int, v starlark.Value) error {
	p := &m.params[i]
	if v == starlark.None && p.def == starlark.None {
		return nil // an optional parameter given as None is "not given"
	}
	switch m.kinds[i] {
	case kindString:
		s, ok := v.(starlark.String)
		if !ok {
			return m.wantErr(p.name, "string", v)
		}
		if p.id && s == "" && !p.emptyIsNone {
			return m.argErrorf("%s: must not be empty", p.name)
		}
	case kindBool:
		if _, ok := v.(starlark.Bool); !ok {
			return m.wantErr(p.name, "bool", v)
		}
	case kindInt:
		n, ok := v.(starlark.Int)
		if !ok {
			return m.wantErr(p.name, "int", v)
		}
		if _, ok := n.Int64(); !ok {
			return m.argErrorf("%s: %s out of range", p.name, n)
		}
	case kindStringList:
		return m.checkStringList(p.name, v)
	case kindBytes:
		if _, ok := v.(starlark.Bytes); !ok {
			return m.wantErr(p.name, "bytes", v)
		}
	case kindSeconds:
		if _, err := seconds(v); err != nil {
			return m.argErrorf("%s: %v", p.name, err)
		}
	case kindDicts:
		if _, ok := v.(starlark.Indexable); !ok || isString(v) {
			return m.wantErr(p.name, "list of dicts", v)
		}
	}
	return nil
}

func (m *method) checkStringList(name string, v starlark.Value) error {
	seq, ok := v.(starlark.Indexable)
	if !ok || isString(v) {
		return m.wantErr(name, "list of strings", v)
	}
	for j := 0; j < seq.Len(); j++ {
		if _, ok := seq.Index(j).(starlark.String); !ok {
			return m.wantErr(fmt.Sprintf("%s[%d]", name, j), "string", seq.Index(j))
		}
	}
	return nil
}

func isString(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String, starlark.Bytes:
		return true
	}
	return false
}

// seconds reads a timeout: int or float seconds, or a time.duration.
func seconds(v starlark.Value) (float64, error) {
	var s float64
	switch v := v.(type) {
	case starlark.Int:
		f, _ := starlark.AsFloat(v)
		s = f
	case starlark.Float:
		s = float64(v)
	case starlarktime.Duration:
		s = float64(v) / 1e9
	default:
		return 0, fmt.Errorf("want seconds (int, float or time.duration), got %s", v.Type())
	}
	if s < 0 || math.IsNaN(s) {
		return 0, errors.New("must not be negative")
	}
	return s, nil
}

// effectiveKind is the kind an argument is checked against: the declared
// one, or the one its request field implies. kindField remains for fields
// that protoval fills (messages, Structs, enums, timestamps).
func effectiveKind(p param, fd protoreflect.FieldDescriptor) kind {
	if p.kind != kindField || fd == nil {
		return p.kind
	}
	if fd.IsMap() {
		return kindField
	}
	if fd.IsList() {
		if fd.Kind() == protoreflect.StringKind {
			return kindStringList
		}
		return kindField
	}
	switch fd.Kind() {
	case protoreflect.StringKind:
		return kindString
	case protoreflect.BoolKind:
		return kindBool
	case protoreflect.BytesKind:
		return kindBytes
	case protoreflect.Int32Kind, protoreflect.Int64Kind, protoreflect.Sint32Kind, protoreflect.Sint64Kind,
		protoreflect.Sfixed32Kind, protoreflect.Sfixed64Kind:
		return kindInt
	}
	return kindField
}

func (m *method) wantErr(path, want string, got starlark.Value) error {
	return m.argErrorf("%s: want %s, got %s", path, want, got.Type())
}
