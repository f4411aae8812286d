package protoval

import (
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// FromStarlark fills dst, which must not be nil, from v: a dict with
// string keys naming dst's fields, a *Message of the same type (copied),
// or for well-known types their Starlark form (see SetField). dst is reset
// first; None leaves it empty. path names dst in errors ("" for none). On
// error dst holds whatever was converted before the failure.
func FromStarlark(v starlark.Value, dst proto.Message, path string) error {
	proto.Reset(dst)
	if v == starlark.None {
		return nil
	}
	return withPath(fillMessage(dst.ProtoReflect(), v), path)
}

// SetField sets field fd of m from v, replacing what was there. path names
// the field in errors, e.g. "add_authorizations" ("" means fd's name).
// None clears the field. Accepted values:
//
//   - scalars: bool; int for integer kinds (range-checked); int or float
//     for float and double; string; bytes or string for bytes.
//   - enums: the value's name, its name without the enum's prefix in any
//     case ("private" for FRAGMENT_VISIBILITY_PRIVATE), or its number.
//   - messages: a dict of fields, or a *Message of the same type. In a
//     dict, None values are skipped, so dict(r) of a value r converts back.
//   - Timestamp: time.time or an RFC 3339 string; Duration: time.duration
//     or a duration string ("1h30m"); Struct: a dict; ListValue: a list;
//     Value: any of those; wrappers: their scalar.
//   - repeated fields: a list, tuple or other iterable of elements; maps:
//     a dict.
//
// The field is set only when the whole value converts.
func SetField(m protoreflect.Message, fd protoreflect.FieldDescriptor, v starlark.Value, path string) error {
	if path == "" {
		path = string(fd.Name())
	}
	if v == starlark.None {
		m.Clear(fd)
		return nil
	}
	return withPath(setField(m, fd, v), path)
}

func setField(m protoreflect.Message, fd protoreflect.FieldDescriptor, v starlark.Value) error {
	var pv protoreflect.Value
	var err error
	switch {
	case fd.IsList():
		pv = m.NewField(fd)
		err = fillList(pv.List(), fd, v)
	case fd.IsMap():
		pv = m.NewField(fd)
		err = fillMap(pv.Map(), fd, v)
	case fd.Message() != nil:
		pv = m.NewField(fd)
		err = fillMessage(pv.Message(), v)
	default:
		pv, err = scalarFrom(fd, v)
	}
	if err != nil {
		return err
	}
	m.Set(fd, pv)
	return nil
}

// fillMessage fills pm, a new empty message, from v.
func fillMessage(pm protoreflect.Message, v starlark.Value) error {
	info := infoOf(pm.Descriptor())
	if handled, err := fillWellKnown(pm, info, v); handled {
		return err
	}
	switch v := v.(type) {
	case *Message:
		if v.msg.Descriptor().FullName() != pm.Descriptor().FullName() {
			return typeError("dict or "+info.typeName, v)
		}
		return copyMessage(pm, v.msg)
	case starlark.IterableMapping:
		return fillFromMapping(pm, info, v)
	}
	return typeError("dict or "+info.typeName, v)
}

// fillFromMapping sets one field per key. None values are skipped, so a
// dict(r) of a value r round-trips: its unset fields read as None.
func fillFromMapping(pm protoreflect.Message, info *messageInfo, v starlark.IterableMapping) error {
	for key, val := range starlark.Entries(v) {
		k, ok := key.(starlark.String)
		if !ok {
			return fieldErrorf("want string key, got %s", key.Type())
		}
		name := string(k)
		f, ok := info.field(name)
		if !ok {
			return inField(unknownFieldError(name, info), name)
		}
		if val == starlark.None {
			continue
		}
		if od := f.fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			if other := pm.WhichOneof(od); other != nil && other != f.fd {
				return inField(fieldErrorf("oneof %s already set by %s", od.Name(), other.Name()), name)
			}
		}
		if err := setField(pm, f.fd, val); err != nil {
			return inField(err, name)
		}
	}
	return nil
}

func unknownFieldError(name string, info *messageInfo) error {
	if hint := didYouMean(name, info.names); hint != "" {
		return fieldErrorf("unknown field%s", hint)
	}
	return fieldErrorf("unknown field of %s", info.typeName)
}

// fillList appends v's elements to l, a new empty list for field fd.
func fillList(l protoreflect.List, fd protoreflect.FieldDescriptor, v starlark.Value) error {
	iterable, ok := v.(starlark.Iterable)
	if _, isMapping := v.(starlark.Mapping); !ok || isMapping {
		return typeError("list", v)
	}
	iter := iterable.Iterate()
	defer iter.Done()
	var x starlark.Value
	for i := 0; iter.Next(&x); i++ {
		if fd.Message() != nil {
			elem := l.NewElement()
			if err := fillMessage(elem.Message(), x); err != nil {
				return atIndex(err, i)
			}
			l.Append(elem)
			continue
		}
		pv, err := scalarFrom(fd, x)
		if err != nil {
			return atIndex(err, i)
		}
		l.Append(pv)
	}
	return nil
}

// fillMap sets v's entries in mp, a new empty map for field fd.
func fillMap(mp protoreflect.Map, fd protoreflect.FieldDescriptor, v starlark.Value) error {
	mapping, ok := v.(starlark.IterableMapping)
	if _, isMessage := v.(*Message); !ok || isMessage {
		return typeError("dict", v)
	}
	keyFD, valFD := fd.MapKey(), fd.MapValue()
	for key, val := range starlark.Entries(mapping) {
		mk, err := mapKeyFrom(keyFD, key)
		if err != nil {
			return err
		}
		if valFD.Message() != nil {
			pv := mp.NewValue()
			if err := fillMessage(pv.Message(), val); err != nil {
				return atKey(err, key)
			}
			mp.Set(mk, pv)
			continue
		}
		pv, err := scalarFrom(valFD, val)
		if err != nil {
			return atKey(err, key)
		}
		mp.Set(mk, pv)
	}
	return nil
}
