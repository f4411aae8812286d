package protoval

import (
	"fmt"
	"math"
	"sort"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
)

// maxExactInt is 2^53: the largest magnitude up to which every integer is
// exactly representable as a float64, and so as a Struct number.
const maxExactInt = 1 << 53

// StructToDict returns s as a new, mutable Starlark dict (so a script can
// edit a config and send it back): keys in sorted order, numbers that are
// integral and within ±2^53 as int, other numbers as float, null as None,
// nested structs as dicts and lists as lists. A nil s is an empty dict.
func StructToDict(s *structpb.Struct) *starlark.Dict {
	fields := s.GetFields()
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // proto maps have no order; repr and iteration must
	d := starlark.NewDict(len(keys))
	for _, k := range keys {
		// SetKey only fails on unhashable keys or frozen dicts.
		_ = d.SetKey(starlark.String(k), structValueToStarlark(fields[k]))
	}
	return d
}

func structValueToStarlark(v *structpb.Value) starlark.Value {
	switch k := v.GetKind().(type) {
	case *structpb.Value_BoolValue:
		return starlark.Bool(k.BoolValue)
	case *structpb.Value_NumberValue:
		return structNumber(k.NumberValue)
	case *structpb.Value_StringValue:
		return starlark.String(k.StringValue)
	case *structpb.Value_StructValue:
		return StructToDict(k.StructValue)
	case *structpb.Value_ListValue:
		return listValueToStarlark(k.ListValue)
	}
	return starlark.None // null, or no kind set
}

func listValueToStarlark(l *structpb.ListValue) *starlark.List {
	vals := l.GetValues()
	elems := make([]starlark.Value, len(vals))
	for i, v := range vals {
		elems[i] = structValueToStarlark(v)
	}
	return starlark.NewList(elems)
}

// structNumber is how a JSON number reads in Starlark: integral numbers
// that a float64 holds exactly are ints (a config's "port": 8080 stays
// 8080, not 8080.0).
func structNumber(f float64) starlark.Value {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
		return starlark.MakeInt64(int64(f))
	}
	return starlark.Float(f)
}

// DictToStruct converts a Starlark mapping with string keys (a dict, or a
// value a call returned) to a Struct. Values may nest None, bool, int,
// float, string, lists, tuples and mappings; ints beyond ±2^53 and
// non-finite floats are refused because a Struct number cannot hold them
// exactly. Errors name path, e.g. `config["port"]: want ...`.
func DictToStruct(v starlark.Value, path string) (*structpb.Struct, error) {
	s, err := dictToStruct(v)
	return s, withPath(err, path)
}

func dictToStruct(v starlark.Value) (*structpb.Struct, error) {
	mapping, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, typeError("dict", v)
	}
	s := &structpb.Struct{Fields: make(map[string]*structpb.Value, starlark.Len(mapping))}
	for key, val := range starlark.Entries(mapping) {
		k, ok := key.(starlark.String)
		if !ok {
			return nil, fieldErrorf("want string key, got %s", key.Type())
		}
		sv, err := starlarkToStructValue(val)
		if err != nil {
			return nil, atKey(err, key)
		}
		s.Fields[string(k)] = sv
	}
	return s, nil
}

func starlarkToStructValue(v starlark.Value) (*structpb.Value, error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return structpb.NewNullValue(), nil
	case starlark.Bool:
		return structpb.NewBoolValue(bool(v)), nil
	case starlark.Int:
		i, ok := v.Int64()
		if !ok || i > maxExactInt || i < -maxExactInt {
			return nil, fieldErrorf("int %s out of range for a Struct number (at most ±2^53)", v)
		}
		return structpb.NewNumberValue(float64(i)), nil
	case starlark.Float:
		f := float64(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fieldErrorf("non-finite float %s not allowed in a Struct", v)
		}
		return structpb.NewNumberValue(f), nil
	case starlark.String:
		return structpb.NewStringValue(string(v)), nil
	case starlark.IterableMapping:
		s, err := dictToStruct(v)
		if err != nil {
			return nil, err
		}
		return structpb.NewStructValue(s), nil
	case starlark.Iterable:
		l, err := listToListValue(v)
		if err != nil {
			return nil, err
		}
		return structpb.NewListValue(l), nil
	}
	return nil, typeError("None, bool, int, float, string, list or dict", v)
}

func listToListValue(v starlark.Iterable) (*structpb.ListValue, error) {
	l := &structpb.ListValue{}
	if n := starlark.Len(v); n > 0 {
		l.Values = make([]*structpb.Value, 0, n)
	}
	iter := v.Iterate()
	defer iter.Done()
	var x starlark.Value
	for i := 0; iter.Next(&x); i++ {
		sv, err := starlarkToStructValue(x)
		if err != nil {
			return nil, atIndex(err, i)
		}
		l.Values = append(l.Values, sv)
	}
	return l, nil
}

// asStruct, asValue and asListValue view a well-known message as its
// generated Go type.
func asStruct(pm protoreflect.Message) *structpb.Struct {
	return asGenerated(pm, func() *structpb.Struct { return new(structpb.Struct) })
}

func asValue(pm protoreflect.Message) *structpb.Value {
	return asGenerated(pm, func() *structpb.Value { return new(structpb.Value) })
}

func asListValue(pm protoreflect.Message) *structpb.ListValue {
	return asGenerated(pm, func() *structpb.ListValue { return new(structpb.ListValue) })
}

// asGenerated returns pm itself when it is a T, and otherwise (another
// implementation of the same type, such as dynamicpb) a T made from pm's
// wire form. That conversion cannot fail for a message that was itself
// built or decoded by protobuf; if it did, the result would be empty.
func asGenerated[T proto.Message](pm protoreflect.Message, newT func() T) T {
	if t, ok := pm.Interface().(T); ok {
		return t
	}
	t := newT()
	_ = copyMessage(t.ProtoReflect(), pm)
	return t
}

// copyMessage merges src into dst, which must be the same message type:
// directly when both share one descriptor, through the wire format when
// they are different implementations of it (generated and dynamicpb).
func copyMessage(dst, src protoreflect.Message) error {
	if dst.Descriptor() == src.Descriptor() {
		proto.Merge(dst.Interface(), src.Interface())
		return nil
	}
	if dst.Descriptor().FullName() != src.Descriptor().FullName() {
		return fmt.Errorf("cannot copy %s into %s", src.Descriptor().FullName(), dst.Descriptor().FullName())
	}
	wire, err := proto.Marshal(src.Interface())
	if err != nil {
		return fmt.Errorf("copy %s: %w", src.Descriptor().FullName(), err)
	}
	if err := (proto.UnmarshalOptions{Merge: true}).Unmarshal(wire, dst.Interface()); err != nil {
		return fmt.Errorf("copy %s: %w", src.Descriptor().FullName(), err)
	}
	return nil
}
