package protoval

import (
	"math"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// scalarFrom converts v to a value of fd's scalar or enum kind.
func scalarFrom(fd protoreflect.FieldDescriptor, v starlark.Value) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		b, ok := v.(starlark.Bool)
		if !ok {
			return protoreflect.Value{}, typeError("bool", v)
		}
		return protoreflect.ValueOfBool(bool(b)), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		i, err := intFrom(v, math.MinInt32, math.MaxInt32, "int32")
		return protoreflect.ValueOfInt32(int32(i)), err
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		i, err := intFrom(v, math.MinInt64, math.MaxInt64, "int64")
		return protoreflect.ValueOfInt64(i), err
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		u, err := uintFrom(v, math.MaxUint32, "uint32")
		return protoreflect.ValueOfUint32(uint32(u)), err
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		u, err := uintFrom(v, math.MaxUint64, "uint64")
		return protoreflect.ValueOfUint64(u), err
	case protoreflect.FloatKind:
		f, err := floatFrom(v)
		if err == nil && math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
			err = fieldErrorf("%s out of range for float", starlark.Float(f))
		}
		return protoreflect.ValueOfFloat32(float32(f)), err
	case protoreflect.DoubleKind:
		f, err := floatFrom(v)
		return protoreflect.ValueOfFloat64(f), err
	case protoreflect.StringKind:
		s, ok := v.(starlark.String)
		if !ok {
			return protoreflect.Value{}, typeError("string", v)
		}
		return protoreflect.ValueOfString(string(s)), nil
	case protoreflect.BytesKind:
		switch b := v.(type) {
		case starlark.Bytes:
			return protoreflect.ValueOfBytes([]byte(b)), nil
		case starlark.String:
			return protoreflect.ValueOfBytes([]byte(b)), nil
		}
		return protoreflect.Value{}, typeError("bytes", v)
	case protoreflect.EnumKind:
		n, err := enumFrom(fd.Enum(), v)
		return protoreflect.ValueOfEnum(n), err
	}
	return protoreflect.Value{}, fieldErrorf("unsupported field kind %s", fd.Kind())
}

// mapKeyFrom converts a dict key to a key of a map field.
func mapKeyFrom(keyFD protoreflect.FieldDescriptor, k starlark.Value) (protoreflect.MapKey, error) {
	var want string
	var ok bool
	switch keyFD.Kind() {
	case protoreflect.StringKind:
		_, ok = k.(starlark.String)
		want = "string"
	case protoreflect.BoolKind:
		_, ok = k.(starlark.Bool)
		want = "bool"
	default: // integer kinds: map keys cannot be floats, bytes, enums or messages
		_, ok = k.(starlark.Int)
		want = "int"
	}
	if !ok {
		return protoreflect.MapKey{}, fieldErrorf("want %s key, got %s", want, k.Type())
	}
	pv, err := scalarFrom(keyFD, k) // range checks
	if err != nil {
		return protoreflect.MapKey{}, err
	}
	return pv.MapKey(), nil
}

func intFrom(v starlark.Value, lo, hi int64, kind string) (int64, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, typeError("int", v)
	}
	i, exact := n.Int64()
	if !exact || i < lo || i > hi {
		return 0, fieldErrorf("%s out of range for %s", n, kind)
	}
	return i, nil
}

func uintFrom(v starlark.Value, hi uint64, kind string) (uint64, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		return 0, typeError("int", v)
	}
	u, exact := n.Uint64()
	if !exact || u > hi {
		return 0, fieldErrorf("%s out of range for %s", n, kind)
	}
	return u, nil
}

func floatFrom(v starlark.Value) (float64, error) {
	switch n := v.(type) {
	case starlark.Float:
		return float64(n), nil
	case starlark.Int:
		return float64(n.Float()), nil
	}
	return 0, typeError("float", v)
}

// maxListedEnumValues bounds the "want one of" list in enum errors.
const maxListedEnumValues = 16

// enumFrom accepts an enum value's full name, its short name (without the
// enum's prefix), either in any case, or its number.
func enumFrom(ed protoreflect.EnumDescriptor, v starlark.Value) (protoreflect.EnumNumber, error) {
	info := enumInfoOf(ed)
	switch v := v.(type) {
	case starlark.String:
		if n, ok := info.byName[strings.ToLower(string(v))]; ok {
			return n, nil
		}
		if hint := didYouMean(string(v), info.short); hint != "" {
			return 0, fieldErrorf("unknown %s value %s%s", info.typeName, v, hint)
		}
		if len(info.short) <= maxListedEnumValues {
			return 0, fieldErrorf("unknown %s value %s (want one of %s)", info.typeName, v, quotedList(info.short))
		}
		return 0, fieldErrorf("unknown %s value %s", info.typeName, v)
	case starlark.Int:
		i, ok := v.Int64()
		if !ok || i < math.MinInt32 || i > math.MaxInt32 {
			return 0, fieldErrorf("%s out of range for enum %s", v, info.typeName)
		}
		n := protoreflect.EnumNumber(i)
		if ed.IsClosed() && ed.Values().ByNumber(n) == nil {
			return 0, fieldErrorf("%d is not a %s value", i, info.typeName)
		}
		return n, nil
	}
	return 0, typeError(info.typeName+" name or number", v)
}

func quotedList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
