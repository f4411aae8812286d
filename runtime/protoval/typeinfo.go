package protoval

import (
	"sort"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// messageInfo is everything about a message type that Starlark access
// needs, computed once per descriptor and shared by every value of that
// type: reading a field then costs a few string comparisons, never a walk
// of the descriptor.
type messageInfo struct {
	typeName  string           // short name, e.g. "Robot": the Starlark Type()
	wellKnown wellKnown        // how values of this type appear in Starlark
	fields    []*fieldInfo     // declaration order: keys(), repr
	sorted    []*fieldInfo     // by name: JSON (as lib/json sorts dict keys)
	byLength  [][]*fieldInfo   // by the length of their name: see field
	keys      []starlark.Value // field names, boxed once
	names     []string         // field names, for did-you-mean
	attrNames []string         // fields and methods, for dir()
}

var messageInfos sync.Map // protoreflect.MessageDescriptor -> *messageInfo

func infoOf(md protoreflect.MessageDescriptor) *messageInfo {
	if v, ok := messageInfos.Load(md); ok {
		return v.(*messageInfo)
	}
	v, _ := messageInfos.LoadOrStore(md, newMessageInfo(md))
	return v.(*messageInfo)
}

func newMessageInfo(md protoreflect.MessageDescriptor) *messageInfo {
	fds := md.Fields()
	info := &messageInfo{
		typeName:  string(md.Name()),
		wellKnown: wellKnownOf(md),
		fields:    make([]*fieldInfo, fds.Len()),
		keys:      make([]starlark.Value, fds.Len()),
		names:     make([]string, fds.Len()),
	}
	for i := range fds.Len() {
		f := newFieldInfo(fds.Get(i))
		info.fields[i] = f
		for len(info.byLength) <= len(f.name) {
			info.byLength = append(info.byLength, nil)
		}
		info.byLength[len(f.name)] = append(info.byLength[len(f.name)], f)
		info.keys[i] = f.key
		info.names[i] = f.name
	}
	info.sorted = append([]*fieldInfo(nil), info.fields...)
	sort.Slice(info.sorted, func(i, j int) bool { return info.sorted[i].name < info.sorted[j].name })

	// Fields shadow same-named methods (see Message.Attr), so list each once.
	info.attrNames = append([]string(nil), info.names...)
	for _, m := range mappingMethodNames {
		if _, isField := info.field(m); !isField {
			info.attrNames = append(info.attrNames, m)
		}
	}
	return info
}

// field returns the field called name. Attribute reads are the hot path
// of a loop over a large result, and comparing the one or two names of the
// right length (never more than four in the Viam API) is several times
// faster than hashing the name for a map lookup.
func (info *messageInfo) field(name string) (*fieldInfo, bool) {
	if len(name) >= len(info.byLength) {
		return nil, false
	}
	for _, f := range info.byLength[len(name)] {
		if f.name == name {
			return f, true
		}
	}
	return nil, false
}

// fieldShape is how a field's value is read.
type fieldShape uint8

const (
	shapeScalar         fieldShape = iota // always has a value (proto3 implicit presence)
	shapeOptionalScalar                   // None when absent (proto3 optional, oneof members, proto2)
	shapeMessage                          // None when unset
	shapeList                             // *List
	shapeMap                              // *Map
)

// fieldInfo describes one field, a list's elements (same kind, the list
// field's fieldInfo) or a map's keys or values, with what conversion needs
// resolved ahead of time.
type fieldInfo struct {
	fd      protoreflect.FieldDescriptor
	name    string
	key     starlark.Value // starlark.String(name), boxed once
	jsonKey []byte         // "name": as JSON writes it
	shape   fieldShape
	kind    protoreflect.Kind
	enum    *enumInfo // enum kinds

	mapKey, mapValue *fieldInfo // map fields

	// msg is the message type of message kinds, resolved on first use:
	// resolving eagerly would recurse forever on recursive types.
	msg atomic.Pointer[messageInfo]

	// goList is where generated code keeps a repeated message field, for
	// the last Go type asked about (see goElements).
	goList atomic.Pointer[goListField]
}

func newFieldInfo(fd protoreflect.FieldDescriptor) *fieldInfo {
	f := &fieldInfo{fd: fd, name: string(fd.Name()), kind: fd.Kind()}
	f.key = starlark.String(f.name)
	f.jsonKey = append(appendJSONString(nil, f.name), ':')
	switch {
	case fd.IsMap():
		f.shape = shapeMap
		f.mapKey = newFieldInfo(fd.MapKey())
		f.mapValue = newFieldInfo(fd.MapValue())
	case fd.IsList():
		f.shape = shapeList
	case fd.Message() != nil:
		f.shape = shapeMessage
	case fd.HasPresence():
		f.shape = shapeOptionalScalar
	}
	if ed := fd.Enum(); ed != nil {
		f.enum = enumInfoOf(ed)
	}
	return f
}

// fieldInfoOf returns the cached fieldInfo of fd, or a new one for fields
// not found in their message's table (extensions, or a descriptor from
// another copy of the type).
func fieldInfoOf(fd protoreflect.FieldDescriptor) *fieldInfo {
	if !fd.IsExtension() {
		fields := infoOf(fd.ContainingMessage()).fields
		if i := fd.Index(); i < len(fields) && fields[i].fd == fd {
			return fields[i]
		}
	}
	return newFieldInfo(fd)
}

// messageInfo is the type information of a message-kind field's messages.
func (f *fieldInfo) messageInfo() *messageInfo {
	if info := f.msg.Load(); info != nil {
		return info
	}
	info := infoOf(f.fd.Message())
	f.msg.Store(info)
	return info
}
