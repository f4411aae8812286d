package protoval

import (
	"reflect"
	"strconv"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// protoreflect.List.Get on a generated message's repeated message field
// reflects on the Go slice anew for every element (about 25 ns each). A
// loop over a large result (10,000 machines) instead reads the elements
// from the Go slice itself, found once per message type (about 11 ns).

// goListField is where a repeated message field lives in one generated Go
// type: the index of its struct field, or -1 when it has none we may read
// (a dynamic message, or generated code that hides its fields).
type goListField struct {
	parent reflect.Type // a pointer to the generated struct
	index  int
}

var protoMessageType = reflect.TypeFor[protoreflect.ProtoMessage]()

// goElements returns the Go slice of l's elements, a slice of pointers to
// generated messages, when l is a repeated message field of a generated
// message; ok is false otherwise, and the caller reads l.list.
func (l *List) goElements() (elems reflect.Value, ok bool) {
	if l.parent == nil {
		return reflect.Value{}, false
	}
	parent := reflect.ValueOf(l.parent.Interface())
	if !parent.IsValid() {
		return reflect.Value{}, false
	}
	index := l.elem.goListIndex(parent.Type())
	if index < 0 || parent.IsNil() {
		return reflect.Value{}, false
	}
	elems = parent.Elem().Field(index)
	// The field found by number must be the list itself: same length,
	// same first element.
	n := l.list.Len()
	if elems.Len() != n || (n > 0 && elems.Index(0).Interface() != l.list.Get(0).Message().Interface()) {
		return reflect.Value{}, false
	}
	return elems, true
}

// goListIndex returns the index of the struct field that holds f in
// generated messages of type parent, or -1.
func (f *fieldInfo) goListIndex(parent reflect.Type) int {
	if known := f.goList.Load(); known != nil && known.parent == parent {
		return known.index
	}
	found := &goListField{parent: parent, index: goListFieldIndex(parent, f.fd.Number())}
	f.goList.Store(found)
	return found.index
}

// goListFieldIndex finds the exported slice of message pointers tagged
// with number n, as protoc-gen-go tags fields
// (`protobuf:"bytes,1,rep,name=robots,proto3"`).
func goListFieldIndex(parent reflect.Type, n protoreflect.FieldNumber) int {
	if parent.Kind() != reflect.Pointer || parent.Elem().Kind() != reflect.Struct {
		return -1
	}
	st := parent.Elem()
	for i := range st.NumField() {
		sf := st.Field(i)
		if !sf.IsExported() || sf.Type.Kind() != reflect.Slice {
			continue
		}
		// Pointers only: goElements compares elements, and generated
		// messages are always pointers.
		if elem := sf.Type.Elem(); elem.Kind() != reflect.Pointer || !elem.Implements(protoMessageType) {
			continue
		}
		if tagNumber(sf.Tag.Get("protobuf")) == n {
			return i
		}
	}
	return -1
}

// tagNumber is the field number in a protobuf struct tag: its first
// all-digit part, as protobuf-go reads it; 0 when there is none.
func tagNumber(tag string) protoreflect.FieldNumber {
	for part := range strings.SplitSeq(tag, ",") {
		if n, err := strconv.ParseUint(part, 10, 31); err == nil {
			return protoreflect.FieldNumber(n)
		}
	}
	return 0
}
