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

// wellKnownOf recognises a well-known type by name and checks its layout,
// so that the conversions may read fields by position: seconds and nanos
// are fields[0] and fields[1] of Timestamp and Duration, and value is
// fields[0] of every wrapper.
func wellKnownOf(md protoreflect.MessageDescriptor) wellKnown {
	fields := md.Fields()
	singular := func(i int, n protoreflect.FieldNumber) bool {
		return fields.Get(i).Number() == n && fields.Get(i).Cardinality() != protoreflect.Repeated
	}
	switch md.FullName() {
	case "google.protobuf.Timestamp", "google.protobuf.Duration":
		if fields.Len() != 2 || !singular(0, 1) || !singular(1, 2) ||
			fields.Get(0).Kind() != protoreflect.Int64Kind || fields.Get(1).Kind() != protoreflect.Int32Kind {
			return notWellKnown
		}
		if md.FullName() == "google.protobuf.Timestamp" {
			return wktTimestamp
		}
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
		if fields.Len() != 1 || !singular(0, 1) {
			return notWellKnown
		}
		return wktWrapper
	}
	return notWellKnown
}

const nullValueEnum protoreflect.FullName = "google.protobuf.NullValue"
