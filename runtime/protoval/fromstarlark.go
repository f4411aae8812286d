package protoval

import (
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// FromStarlark fills dst from v: a dict with string keys naming dst's
// fields, a *Message of the same type (copied), or for well-known types
// their Starlark form (see SetField). dst is reset first; None leaves it
// empty. path names dst in errors ("" for none). On error dst holds
// whatever was converted before the failure.
func FromStarlark(v starlark.Value, dst proto.Message, path string) error {
	proto.Reset(dst)
	if v == starlark.None {
		return nil
	}
	return fillMessage(dst.ProtoReflect(), v, path)
}

// SetField sets field fd of m from v, replacing what was there. path names
// the field in errors, e.g. "add_authorizations" ("" means fd's name).
// None clears the field. Accepted values:
//
//   - scalars: bool; int for integer kinds (range-checked); int or float
//     for float and double; string; bytes or string for bytes.
//   - enums: the value's name, its name without the enum's prefix in any
//     case ("private" for FRAGMENT_VISIBILITY_PRIVATE), or its number.
//   - messages: a dict of fields, or a *Message of the same type.
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
	return setField(m, fd, v, path)
}

func setField(m protoreflect.Message, fd protoreflect.FieldDescriptor, v starlark.Value, path string) error {
	var pv protoreflect.Value
	var err error
	switch {
	case fd.IsList():
		pv = m.NewField(fd)
		err = fillList(pv.List(), fd, v, path)
	case fd.IsMap():
		pv = m.NewField(fd)
		err = fillMap(pv.Map(), fd, v, path)
	case fd.Message() != nil:
		pv = m.NewField(fd)
		err = fillMessage(pv.Message(), v, path)
	default:
		pv, err = scalarFrom(fd, v, path)
	}
	if err != nil {
		return err
	}
	m.Set(fd, pv)
	return nil
}

// fillMessage fills pm, a new empty message, from v.
func fillMessage(pm protoreflect.Message, v starlark.Value, path string) error {
	info := infoOf(pm.Descriptor())
	if handled, err := fillWellKnown(pm, info, v, path); handled {
		return err
	}
	switch v := v.(type) {
	case *Message:
		if v.msg.Descriptor().FullName() != pm.Descriptor().FullName() {
			return typeError(path, "dict or "+info.typeName, v)
		}
		return copyMessage(pm, v.msg)
	case starlark.IterableMapping:
		return fillFromMapping(pm, info, v, path)
	}
	return typeError(path, "dict or "+info.typeName, v)
}

// fillFromMapping sets one field per key. None values are skipped, so a
// dict(r) of a value r round-trips: its unset fields read as None.
func fillFromMapping(pm protoreflect.Message, info *messageInfo, v starlark.IterableMapping, path string) error {
	for _, item := range v.Items() {
		k, ok := item[0].(starlark.String)
		if !ok {
			return fieldErrorf(path, "want string key, got %s", item[0].Type())
		}
		name := string(k)
		f, ok := info.byName[name]
		if !ok {
			return unknownFieldError(path, name, info)
		}
		if item[1] == starlark.None {
			continue
		}
		if od := f.fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			if other := pm.WhichOneof(od); other != nil && other != f.fd {
				return fieldErrorf(fieldPath(path, name), "oneof %s already set by %s", od.Name(), other.Name())
			}
		}
		if err := setField(pm, f.fd, item[1], fieldPath(path, name)); err != nil {
			return err
		}
	}
	return nil
}

func unknownFieldError(path, name string, info *messageInfo) error {
	if hint := didYouMean(name, info.names); hint != "" {
		return fieldErrorf(fieldPath(path, name), "unknown field%s", hint)
	}
	return fieldErrorf(fieldPath(path, name), "unknown field of %s", info.typeName)
}

// fillList appends v's elements to l, a new empty list for field fd.
func fillList(l protoreflect.List, fd protoreflect.FieldDescriptor, v starlark.Value, path string) error {
	iterable, ok := v.(starlark.Iterable)
	if _, isMapping := v.(starlark.Mapping); !ok || isMapping {
		return typeError(path, "list", v)
	}
	iter := iterable.Iterate()
	defer iter.Done()
	var x starlark.Value
	for i := 0; iter.Next(&x); i++ {
		elemPath := indexPath(path, i)
		if fd.Message() != nil {
			elem := l.NewElement()
			if err := fillMessage(elem.Message(), x, elemPath); err != nil {
				return err
			}
			l.Append(elem)
			continue
		}
		pv, err := scalarFrom(fd, x, elemPath)
		if err != nil {
			return err
		}
		l.Append(pv)
	}
	return nil
}

// fillMap sets v's entries in mp, a new empty map for field fd.
func fillMap(mp protoreflect.Map, fd protoreflect.FieldDescriptor, v starlark.Value, path string) error {
	mapping, ok := v.(starlark.IterableMapping)
	if _, isMessage := v.(*Message); !ok || isMessage {
		return typeError(path, "dict", v)
	}
	keyFD, valFD := fd.MapKey(), fd.MapValue()
	for _, item := range mapping.Items() {
		mk, err := mapKeyFrom(keyFD, item[0], path)
		if err != nil {
			return err
		}
		valPath := keyPath(path, item[0])
		if valFD.Message() != nil {
			val := mp.NewValue()
			if err := fillMessage(val.Message(), item[1], valPath); err != nil {
				return err
			}
			mp.Set(mk, val)
			continue
		}
		pv, err := scalarFrom(valFD, item[1], valPath)
		if err != nil {
			return err
		}
		mp.Set(mk, pv)
	}
	return nil
}
