package protoval

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"time"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
)

// JSON encoding (json.encode of a Message, List or Map; the format is in
// the package doc) walks the proto directly, without making Starlark
// values.

func (r *Message) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, jsonSizeHint(proto.Size(r.Proto())))
	return appendMessageJSON(buf, r.msg, r.info), nil
}

func (l *List) MarshalJSON() ([]byte, error) {
	var buf []byte
	if n := l.list.Len(); n > 0 && l.elem.kind == protoreflect.MessageKind {
		// Guess from the first element: results' elements are alike.
		buf = make([]byte, 0, n*jsonSizeHint(proto.Size(l.list.Get(0).Message().Interface())))
	}
	return appendListJSON(buf, l.list, l.elem), nil
}

func (m *Map) MarshalJSON() ([]byte, error) {
	return appendMapJSON(nil, m.m, m.field), nil
}

// jsonSizeHint guesses the JSON size of a message from its wire size, so a
// large result is written into one buffer rather than grown step by step
// (each step copies everything written so far). JSON names every field,
// set or not, so it is typically 2-3 times the wire size (2.7 for a
// ListRobotsResponse).
func jsonSizeHint(wireSize int) int {
	return 3*wireSize + 64
}

func appendMessageJSON(buf []byte, pm protoreflect.Message, info *messageInfo) []byte {
	switch info.wellKnown {
	case wktTimestamp:
		// RFC 3339 needs no escaping: quote it by hand, without a string.
		buf = append(buf, '"')
		buf = timestampOf(pm, info).AppendFormat(buf, time.RFC3339Nano)
		return append(buf, '"')
	case wktDuration:
		return appendJSONString(buf, durationOf(pm, info).String())
	case wktStruct:
		return appendStructJSON(buf, asStruct(pm))
	case wktValue:
		return appendStructValueJSON(buf, asValue(pm))
	case wktListValue:
		return appendListValueJSON(buf, asListValue(pm))
	case wktWrapper:
		f := info.fields[0] // "value", the only field
		return appendScalarJSON(buf, f, pm.Get(f.fd))
	}
	buf = append(buf, '{')
	for i, f := range info.sorted {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.jsonKey...)
		buf = appendFieldJSON(buf, pm, f)
	}
	return append(buf, '}')
}

func appendFieldJSON(buf []byte, pm protoreflect.Message, f *fieldInfo) []byte {
	switch f.shape {
	case shapeList:
		return appendListJSON(buf, pm.Get(f.fd).List(), f)
	case shapeMap:
		return appendMapJSON(buf, pm.Get(f.fd).Map(), f)
	case shapeMessage, shapeOptionalScalar:
		if !pm.Has(f.fd) {
			return append(buf, "null"...)
		}
	}
	return appendSingularJSON(buf, f, pm.Get(f.fd))
}

func appendSingularJSON(buf []byte, f *fieldInfo, v protoreflect.Value) []byte {
	if f.kind == protoreflect.MessageKind || f.kind == protoreflect.GroupKind {
		return appendMessageJSON(buf, v.Message(), f.messageInfo())
	}
	return appendScalarJSON(buf, f, v)
}

func appendListJSON(buf []byte, l protoreflect.List, elem *fieldInfo) []byte {
	buf = append(buf, '[')
	for i := range l.Len() {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendSingularJSON(buf, elem, l.Get(i))
	}
	return append(buf, ']')
}

// appendMapJSON writes keys as strings (JSON has no others) in sorted
// string order, as lib/json would order the same dict.
func appendMapJSON(buf []byte, m protoreflect.Map, field *fieldInfo) []byte {
	type entry struct {
		key string
		val protoreflect.Value
	}
	entries := make([]entry, 0, m.Len())
	m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		entries = append(entries, entry{key: k.String(), val: v})
		return true
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	buf = append(buf, '{')
	for i, e := range entries {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, e.key)
		buf = append(buf, ':')
		buf = appendSingularJSON(buf, field.mapValue, e.val)
	}
	return append(buf, '}')
}

func appendScalarJSON(buf []byte, f *fieldInfo, v protoreflect.Value) []byte {
	switch f.kind {
	case protoreflect.BoolKind:
		return strconv.AppendBool(buf, v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.AppendInt(buf, v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.AppendUint(buf, v.Uint(), 10)
	case protoreflect.FloatKind:
		return appendFloatJSON(buf, float32Value(v.Float()))
	case protoreflect.DoubleKind:
		return appendFloatJSON(buf, v.Float())
	case protoreflect.StringKind:
		return appendJSONString(buf, v.String())
	case protoreflect.BytesKind:
		buf = append(buf, '"')
		buf = base64.StdEncoding.AppendEncode(buf, v.Bytes())
		return append(buf, '"')
	case protoreflect.EnumKind:
		switch name := f.enum.value(v.Enum()).(type) {
		case starlark.String:
			return appendJSONString(buf, string(name))
		case starlark.Int:
			return strconv.AppendInt(buf, int64(v.Enum()), 10)
		}
	}
	return append(buf, "null"...) // NullValue
}

func appendFloatJSON(buf []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(buf, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(buf, `"-Infinity"`...)
	}
	return append(buf, starlark.Float(f).String()...)
}

func appendStructJSON(buf []byte, s *structpb.Struct) []byte {
	fields := s.GetFields()
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf = append(buf, '{')
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, k)
		buf = append(buf, ':')
		buf = appendStructValueJSON(buf, fields[k])
	}
	return append(buf, '}')
}

func appendListValueJSON(buf []byte, l *structpb.ListValue) []byte {
	buf = append(buf, '[')
	for i, v := range l.GetValues() {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendStructValueJSON(buf, v)
	}
	return append(buf, ']')
}

func appendStructValueJSON(buf []byte, v *structpb.Value) []byte {
	switch k := v.GetKind().(type) {
	case *structpb.Value_BoolValue:
		return strconv.AppendBool(buf, k.BoolValue)
	case *structpb.Value_NumberValue:
		if n, ok := structNumber(k.NumberValue).(starlark.Int); ok {
			return append(buf, n.String()...)
		}
		return appendFloatJSON(buf, k.NumberValue)
	case *structpb.Value_StringValue:
		return appendJSONString(buf, k.StringValue)
	case *structpb.Value_StructValue:
		return appendStructJSON(buf, k.StructValue)
	case *structpb.Value_ListValue:
		return appendListValueJSON(buf, k.ListValue)
	}
	return append(buf, "null"...)
}

// appendJSONString quotes s exactly as lib/json does, so a string reads
// the same in a Message's JSON as in a dict's.
func appendJSONString(buf []byte, s string) []byte {
	if isPlainASCII(s) { // the common case, without strconv's rune loop
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	if isPrintableASCII(s) {
		return strconv.AppendQuote(buf, s)
	}
	data, _ := json.Marshal(s) // a string always marshals
	return append(buf, data...)
}

// isPlainASCII reports whether s is printable ASCII needing no escapes.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7F || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7F {
			return false
		}
	}
	return true
}
