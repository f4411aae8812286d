package protoval

import (
	"strings"
	"sync"
	"unicode"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// enumInfo is what conversion needs of an enum type, computed once: its
// value names boxed as Starlark strings, and the names a script may use
// for a value: the full name, or the name without the enum's prefix, in
// any case ("private" -> FRAGMENT_VISIBILITY_PRIVATE).
type enumInfo struct {
	typeName string
	isNull   bool                                       // google.protobuf.NullValue reads as None
	dense    []starlark.Value                           // names by number, for numbers 0..len-1
	sparse   map[protoreflect.EnumNumber]starlark.Value // names of other numbers
	byName   map[string]protoreflect.EnumNumber         // lower-cased full and short names
	short    []string                                   // lower-cased short names, declaration order
}

// maxDenseEnum bounds the table of names indexed by number.
const maxDenseEnum = 256

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
		isNull:   ed.FullName() == nullValueEnum,
		sparse:   make(map[protoreflect.EnumNumber]starlark.Value),
		byName:   make(map[string]protoreflect.EnumNumber, 2*vals.Len()),
	}
	prefix := enumPrefix(ed)
	for i := range vals.Len() {
		v := vals.Get(i)
		full := string(v.Name())
		info.setName(v.Number(), starlark.String(full))
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

func (e *enumInfo) setName(n protoreflect.EnumNumber, name starlark.Value) {
	if n < 0 || n >= maxDenseEnum {
		if _, ok := e.sparse[n]; !ok { // aliases: the first name wins
			e.sparse[n] = name
		}
		return
	}
	for int(n) >= len(e.dense) {
		e.dense = append(e.dense, nil)
	}
	if e.dense[n] == nil {
		e.dense[n] = name
	}
}

// value is n's name, its number when the enum does not define it (open
// enums may carry any number), or None for NullValue.
func (e *enumInfo) value(n protoreflect.EnumNumber) starlark.Value {
	if e.isNull {
		return starlark.None
	}
	if n >= 0 && int(n) < len(e.dense) && e.dense[n] != nil {
		return e.dense[n]
	}
	if name, ok := e.sparse[n]; ok {
		return name
	}
	return starlark.MakeInt64(int64(n))
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

// upperSnake converts CamelCase to UPPER_SNAKE_CASE, keeping acronyms
// together: "HTTPMethod" -> "HTTP_METHOD", "OnlineState" -> "ONLINE_STATE".
func upperSnake(camel string) string {
	runes := []rune(camel)
	var b strings.Builder
	for i, r := range runes {
		if i > 0 && unicode.IsUpper(r) {
			prevLower := unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1])
			acronymEnd := unicode.IsUpper(runes[i-1]) && i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if prevLower || acronymEnd {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
