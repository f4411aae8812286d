package protoval

import (
	"google.golang.org/protobuf/reflect/protoreflect"
)

// wellKnown says how a message type appears in Starlark: most are dict-like
// *Message values; a few well-known types have a natural Starlark form.
type wellKnown uint8

const (
	notWellKnown wellKnown = iota
	wktTimestamp           // time.time
	wktDuration            // time.duration
	wktStruct              // mutable dict
	wktValue               // whatever the Value holds
	wktListValue           // mutable list
	wktWrapper             // the wrapped scalar (google.protobuf.Int64Value, ...)
)

func wellKnownOf(name protoreflect.FullName) wellKnown {
	switch name {
	case "google.protobuf.Timestamp":
		return wktTimestamp
	case "google.protobuf.Duration":
		return wktDuration
	case "google.protobuf.Struct":
		return wktStruct
	case "google.protobuf.Value":
		return wktValue
	case "google.protobuf.ListValue":
		return wktListValue
	case "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
		"google.protobuf.Int64Value", "google.protobuf.UInt64Value",
		"google.protobuf.Int32Value", "google.protobuf.UInt32Value",
		"google.protobuf.BoolValue", "google.protobuf.StringValue",
		"google.protobuf.BytesValue":
		return wktWrapper
	}
	return notWellKnown
}

// Field numbers shared by the well-known types, read through reflection so
// that any implementation (generated or dynamicpb) works.
const (
	secondsField protoreflect.FieldNumber = 1 // Timestamp, Duration
	nanosField   protoreflect.FieldNumber = 2 // Timestamp, Duration
	wrapperField protoreflect.FieldNumber = 1 // the "value" of every wrapper
)

func fieldByNumber(m protoreflect.Message, n protoreflect.FieldNumber) protoreflect.FieldDescriptor {
	return m.Descriptor().Fields().ByNumber(n)
}

const nullValueEnum protoreflect.FullName = "google.protobuf.NullValue"
