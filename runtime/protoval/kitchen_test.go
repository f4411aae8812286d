package protoval

import (
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	// Registers the well-known types the test file imports.
	_ "google.golang.org/protobuf/types/known/durationpb"
	_ "google.golang.org/protobuf/types/known/structpb"
	_ "google.golang.org/protobuf/types/known/timestamppb"
	_ "google.golang.org/protobuf/types/known/wrapperspb"
)

// kitchenDescriptor is a dynamic message type with one field of every kind
// the value model handles, so the tests cover them without generated code:
//
//	enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; COLOR_DARK_GREEN = 2; }
//	message Inner { string name = 1; int32 count = 2; }
//	message Kitchen { ...fields below... }
var kitchenDescriptor = buildKitchen()

func buildKitchen() protoreflect.MessageDescriptor {
	type fieldSpec struct {
		name     string
		typ      descriptorpb.FieldDescriptorProto_Type
		typeName string // message or enum types
		repeated bool
		oneof    *int32
		optional bool // proto3 optional
	}
	var (
		scalar = func(name string, typ descriptorpb.FieldDescriptorProto_Type) fieldSpec {
			return fieldSpec{name: name, typ: typ}
		}
		msg = func(name, typeName string) fieldSpec {
			return fieldSpec{name: name, typ: descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, typeName: typeName}
		}
		T = func(t descriptorpb.FieldDescriptorProto_Type) descriptorpb.FieldDescriptorProto_Type { return t }
	)
	const (
		tInt32    = descriptorpb.FieldDescriptorProto_TYPE_INT32
		tInt64    = descriptorpb.FieldDescriptorProto_TYPE_INT64
		tUint32   = descriptorpb.FieldDescriptorProto_TYPE_UINT32
		tUint64   = descriptorpb.FieldDescriptorProto_TYPE_UINT64
		tSint32   = descriptorpb.FieldDescriptorProto_TYPE_SINT32
		tSint64   = descriptorpb.FieldDescriptorProto_TYPE_SINT64
		tFixed32  = descriptorpb.FieldDescriptorProto_TYPE_FIXED32
		tFixed64  = descriptorpb.FieldDescriptorProto_TYPE_FIXED64
		tSfixed32 = descriptorpb.FieldDescriptorProto_TYPE_SFIXED32
		tSfixed64 = descriptorpb.FieldDescriptorProto_TYPE_SFIXED64
		tFloat    = descriptorpb.FieldDescriptorProto_TYPE_FLOAT
		tDouble   = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
		tBool     = descriptorpb.FieldDescriptorProto_TYPE_BOOL
		tString   = descriptorpb.FieldDescriptorProto_TYPE_STRING
		tBytes    = descriptorpb.FieldDescriptorProto_TYPE_BYTES
		tEnum     = descriptorpb.FieldDescriptorProto_TYPE_ENUM
	)
	oneof0, oneof1, oneof2 := int32(0), int32(1), int32(2)
	specs := []fieldSpec{
		scalar("i32", tInt32), scalar("i64", tInt64), scalar("u32", tUint32), scalar("u64", tUint64),
		scalar("s32", tSint32), scalar("s64", tSint64), scalar("f32", tFixed32), scalar("f64", tFixed64),
		scalar("sf32", tSfixed32), scalar("sf64", tSfixed64), scalar("fl", tFloat), scalar("db", tDouble),
		scalar("b", tBool), scalar("s", tString), scalar("by", tBytes),
		{name: "color", typ: tEnum, typeName: ".kitchen.Color"},
		msg("inner", ".kitchen.Inner"),
		{name: "inners", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Inner", repeated: true},
		{name: "tags", typ: tString, repeated: true},
		{name: "nums", typ: tInt64, repeated: true},
		{name: "colors", typ: tEnum, typeName: ".kitchen.Color", repeated: true},
		{name: "counts", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Kitchen.CountsEntry", repeated: true},
		{name: "by_id", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Kitchen.ByIdEntry", repeated: true},
		{name: "text", typ: tString, oneof: &oneof0},
		{name: "detail", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Inner", oneof: &oneof0},
		{name: "number", typ: tInt32, oneof: &oneof0},
		{name: "opt_int", typ: tInt32, oneof: &oneof1, optional: true},
		{name: "opt_str", typ: tString, oneof: &oneof2, optional: true},
		msg("config", ".google.protobuf.Struct"),
		msg("value", ".google.protobuf.Value"),
		msg("list_value", ".google.protobuf.ListValue"),
		msg("at", ".google.protobuf.Timestamp"),
		msg("took", ".google.protobuf.Duration"),
		msg("wrapped_int", ".google.protobuf.Int64Value"),
		msg("wrapped_str", ".google.protobuf.StringValue"),
		{name: "flags", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Kitchen.FlagsEntry", repeated: true},
		{name: "times", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".google.protobuf.Timestamp", repeated: true},
		{name: "sub", typ: T(descriptorpb.FieldDescriptorProto_TYPE_MESSAGE), typeName: ".kitchen.Kitchen"},
	}
	var fields []*descriptorpb.FieldDescriptorProto
	for i, s := range specs {
		label := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL
		if s.repeated {
			label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED
		}
		f := &descriptorpb.FieldDescriptorProto{
			Name:     proto.String(s.name),
			JsonName: proto.String(s.name),
			Number:   proto.Int32(int32(i + 1)),
			Label:    label.Enum(),
			Type:     s.typ.Enum(),
		}
		if s.typeName != "" {
			f.TypeName = proto.String(s.typeName)
		}
		f.OneofIndex = s.oneof
		if s.optional {
			f.Proto3Optional = proto.Bool(true)
		}
		fields = append(fields, f)
	}
	entry := func(name string, key, val descriptorpb.FieldDescriptorProto_Type, valType string) *descriptorpb.DescriptorProto {
		v := &descriptorpb.FieldDescriptorProto{Name: proto.String("value"), JsonName: proto.String("value"), Number: proto.Int32(2),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: val.Enum()}
		if valType != "" {
			v.TypeName = proto.String(valType)
		}
		return &descriptorpb.DescriptorProto{
			Name: proto.String(name),
			Field: []*descriptorpb.FieldDescriptorProto{
				{Name: proto.String("key"), JsonName: proto.String("key"), Number: proto.Int32(1),
					Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: key.Enum()},
				v,
			},
			Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
		}
	}
	file := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("kitchen.proto"),
		Package: proto.String("kitchen"),
		Syntax:  proto.String("proto3"),
		Dependency: []string{
			"google/protobuf/struct.proto", "google/protobuf/timestamp.proto",
			"google/protobuf/duration.proto", "google/protobuf/wrappers.proto",
		},
		EnumType: []*descriptorpb.EnumDescriptorProto{{
			Name: proto.String("Color"),
			Value: []*descriptorpb.EnumValueDescriptorProto{
				{Name: proto.String("COLOR_UNSPECIFIED"), Number: proto.Int32(0)},
				{Name: proto.String("COLOR_RED"), Number: proto.Int32(1)},
				{Name: proto.String("COLOR_DARK_GREEN"), Number: proto.Int32(2)},
			},
		}},
		MessageType: []*descriptorpb.DescriptorProto{
			{
				Name: proto.String("Inner"),
				Field: []*descriptorpb.FieldDescriptorProto{
					{Name: proto.String("name"), JsonName: proto.String("name"), Number: proto.Int32(1),
						Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: tString.Enum()},
					{Name: proto.String("count"), JsonName: proto.String("count"), Number: proto.Int32(2),
						Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: tInt32.Enum()},
				},
			},
			{
				Name:  proto.String("Kitchen"),
				Field: fields,
				NestedType: []*descriptorpb.DescriptorProto{
					entry("CountsEntry", tString, tInt32, ""),
					entry("ByIdEntry", tInt64, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, ".kitchen.Inner"),
					entry("FlagsEntry", tBool, tString, ""),
				},
				OneofDecl: []*descriptorpb.OneofDescriptorProto{
					{Name: proto.String("choice")}, {Name: proto.String("_opt_int")}, {Name: proto.String("_opt_str")},
				},
			},
		},
	}
	fd, err := protodesc.NewFile(file, protoregistry.GlobalFiles)
	if err != nil {
		panic("kitchen descriptor: " + err.Error())
	}
	return fd.Messages().ByName("Kitchen")
}

// kitchen returns a new Kitchen message decoded from protojson text.
func kitchen(t testing.TB, jsonText string) *dynamicpb.Message {
	t.Helper()
	m := dynamicpb.NewMessage(kitchenDescriptor)
	if err := protojson.Unmarshal([]byte(jsonText), m); err != nil {
		t.Fatalf("kitchen fixture %s: %v", jsonText, err)
	}
	return m
}
