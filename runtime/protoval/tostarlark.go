package protoval

import (
	"math"
	"strconv"
	"time"

	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ToStarlark returns m as Starlark: a *Message for ordinary messages, and
// the natural Starlark form for well-known types (Struct -> dict,
// ListValue -> list, Value -> its content, Timestamp -> time.time, Duration
// -> time.duration, wrappers -> their scalar). A nil m, or a nil pointer
// to a message, is None.
func ToStarlark(m proto.Message) starlark.Value {
	if m == nil {
		return starlark.None
	}
	pm := m.ProtoReflect()
	if !pm.IsValid() {
		return starlark.None
	}
	return messageValue(pm)
}

// FieldValue returns field fd of m as Starlark: a *List for repeated
// fields, a *Map for maps, None for an unset message field, an absent
// optional scalar or an unset oneof member, and otherwise the value as
// ToStarlark and the scalar rules of the package doc describe.
func FieldValue(m protoreflect.Message, fd protoreflect.FieldDescriptor) starlark.Value {
	return fieldInfoOf(fd).value(m)
}

// value reads field f of m.
func (f *fieldInfo) value(m protoreflect.Message) starlark.Value {
	switch f.shape {
	case shapeList:
		return &List{list: m.Get(f.fd).List(), elem: f, parent: m}
	case shapeMap:
		return &Map{m: m.Get(f.fd).Map(), field: f}
	case shapeMessage:
		if !m.Has(f.fd) {
			return starlark.None
		}
		return messageValueOf(m.Get(f.fd).Message(), f.messageInfo())
	case shapeOptionalScalar:
		if !m.Has(f.fd) {
			return starlark.None
		}
	}
	return f.scalar(m.Get(f.fd))
}

// singular converts one non-repeated value of f's kind: a list element, a
// map key or value.
func (f *fieldInfo) singular(v protoreflect.Value) starlark.Value {
	if f.kind == protoreflect.MessageKind || f.kind == protoreflect.GroupKind {
		return messageValueOf(v.Message(), f.messageInfo())
	}
	return f.scalar(v)
}

func messageValue(pm protoreflect.Message) starlark.Value {
	return messageValueOf(pm, infoOf(pm.Descriptor()))
}

// messageValueOf is messageValue with the type information already at
// hand (a list of messages looks it up once for all its elements).
func messageValueOf(pm protoreflect.Message, info *messageInfo) starlark.Value {
	switch info.wellKnown {
	case wktTimestamp:
		return startime.Time(timestampOf(pm, info))
	case wktDuration:
		return startime.Duration(durationOf(pm, info))
	case wktStruct:
		return StructToDict(asStruct(pm))
	case wktValue:
		return structValueToStarlark(asValue(pm))
	case wktListValue:
		return listValueToStarlark(asListValue(pm))
	case wktWrapper:
		f := info.fields[0] // "value", the only field
		return f.scalar(pm.Get(f.fd))
	}
	return &Message{msg: pm, info: info}
}

// secondsNanos reads a Timestamp or Duration (see wellKnownOf).
func secondsNanos(pm protoreflect.Message, info *messageInfo) (secs, nanos int64) {
	return pm.Get(info.fields[0].fd).Int(), pm.Get(info.fields[1].fd).Int()
}

func timestampOf(pm protoreflect.Message, info *messageInfo) time.Time {
	secs, nanos := secondsNanos(pm, info)
	return time.Unix(secs, nanos).UTC()
}

// durationOf saturates at the limits of time.Duration (about ±292 years),
// as durationpb.AsDuration does.
func durationOf(pm protoreflect.Message, info *messageInfo) time.Duration {
	secs, nanos := secondsNanos(pm, info)
	const maxSecs = math.MaxInt64 / int64(time.Second)
	switch {
	case secs > maxSecs:
		return math.MaxInt64
	case secs < -maxSecs:
		return math.MinInt64
	}
	d := time.Duration(secs) * time.Second
	sum := d + time.Duration(nanos)
	switch {
	case nanos > 0 && sum < d:
		return math.MaxInt64
	case nanos < 0 && sum > d:
		return math.MinInt64
	}
	return sum
}

func (f *fieldInfo) scalar(v protoreflect.Value) starlark.Value {
	switch f.kind {
	case protoreflect.BoolKind:
		return starlark.Bool(v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return starlark.MakeInt64(v.Int())
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return starlark.MakeUint64(v.Uint())
	case protoreflect.FloatKind:
		return starlark.Float(float32Value(v.Float()))
	case protoreflect.DoubleKind:
		return starlark.Float(v.Float())
	case protoreflect.StringKind:
		return starlark.String(v.String())
	case protoreflect.BytesKind:
		return starlark.Bytes(v.Bytes())
	case protoreflect.EnumKind:
		return f.enum.value(v.Enum())
	}
	// Message and group kinds never reach here (see singular).
	return starlark.None
}

// float32Value widens a float field's value to the float64 a reader
// expects: the shortest decimal that round-trips the float32 (0.1, not
// 0.10000000149011612).
func float32Value(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	short, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
	if err != nil {
		return f
	}
	return short
}
