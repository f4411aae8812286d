package protoval

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// messageInfo is everything about a message type that Starlark access
// needs, computed once per descriptor and shared by every value of that
// type: converting a field then costs one map lookup, never a walk of the
// descriptor.
type messageInfo struct {
	typeName  string       // short name, e.g. "Robot": the Starlark Type()
	wellKnown wellKnown    // how values of this type appear in Starlark
	fields    []*fieldInfo // declaration order: keys(), repr
	sorted    []*fieldInfo // by name: JSON (as lib/json sorts dict keys)
	byName    map[string]*fieldInfo
	keys      []starlark.Value // field names, boxed once
	names     []string         // field names, for did-you-mean
	attrNames []string         // fields and methods, for dir()
}

type fieldInfo struct {
	fd   protoreflect.FieldDescriptor
	name string
	key  starlark.Value // starlark.String(name), boxed once
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
		wellKnown: wellKnownOf(md.FullName()),
		fields:    make([]*fieldInfo, fds.Len()),
		byName:    make(map[string]*fieldInfo, fds.Len()),
		keys:      make([]starlark.Value, fds.Len()),
		names:     make([]string, fds.Len()),
	}
	for i := range fds.Len() {
		fd := fds.Get(i)
		name := string(fd.Name())
		f := &fieldInfo{fd: fd, name: name, key: starlark.String(name)}
		info.fields[i] = f
		info.byName[name] = f
		info.keys[i] = f.key
		info.names[i] = name
	}
	info.sorted = append([]*fieldInfo(nil), info.fields...)
	sort.Slice(info.sorted, func(i, j int) bool { return info.sorted[i].name < info.sorted[j].name })

	// Fields shadow same-named methods (see Message.Attr), so list each once.
	info.attrNames = append([]string(nil), info.names...)
	for _, m := range mappingMethodNames {
		if _, isField := info.byName[m]; !isField {
			info.attrNames = append(info.attrNames, m)
		}
	}
	return info
}

// enumInfo resolves the names a script may use for an enum value: the full
// name, or the name without the enum's prefix, in any case
// ("private" -> FRAGMENT_VISIBILITY_PRIVATE).
type enumInfo struct {
	typeName string
	byName   map[string]protoreflect.EnumNumber // lower-cased full and short names
	short    []string                           // lower-cased short names, declaration order
}

var enumInfos sync.Map // protoreflect.EnumDescriptor -> *enumInfo

func enumInfoOf(ed protoreflect.EnumDescriptor) *enumInfo {
	if v, ok := enumInfos.Load(ed); ok {
		return v.(*enumInfo)
	}
	v, _ := enumInfos.LoadOrStore(ed, newEnumInfo(ed))
	return v.(*enumInfo)
}

func newEnumInfo(ed protoreflect.EnumDescriptor) *enumInfo {
	vals := ed.Values()
	info := &enumInfo{
		typeName: string(ed.Name()),
		byName:   make(map[string]protoreflect.EnumNumber, 2*vals.Len()),
	}
	prefix := enumPrefix(ed)
	for i := range vals.Len() {
		v := vals.Get(i)
		full := string(v.Name())
		short := strings.ToLower(strings.TrimPrefix(full, prefix))
		info.short = append(info.short, short)
		// Full names win over a short name that happens to equal another
		// value's full name.
		if _, taken := info.byName[short]; !taken {
			info.byName[short] = v.Number()
		}
		info.byName[strings.ToLower(full)] = v.Number()
	}
	return info
}

// enumPrefix is the prefix the style guide puts on every value of an enum:
// its name in UPPER_SNAKE_CASE and "_" (FragmentVisibility ->
// "FRAGMENT_VISIBILITY_"). It is "" when not every value carries it, so
// short names are never ambiguous halves of names.
func enumPrefix(ed protoreflect.EnumDescriptor) string {
	prefix := upperSnake(string(ed.Name())) + "_"
	vals := ed.Values()
	for i := range vals.Len() {
		name := string(vals.Get(i).Name())
		if !strings.HasPrefix(name, prefix) || len(name) == len(prefix) {
			return ""
		}
	}
	return prefix
}

func upperSnake(camel string) string {
	var b strings.Builder
	for i, r := range camel {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
