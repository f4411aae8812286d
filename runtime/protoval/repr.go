package protoval

import (
	"strings"

	"go.starlark.net/starlark"
)

// The repr is our own, never prototext's or protojson's (whose spacing is
// randomised on purpose): Robot(id = "r1", name = "rover", ...) with every
// field in declaration order, lists as [...] and maps as {...} in key
// order. It is identical across runs, so golden outputs are stable.

func writeMessage(b *strings.Builder, r *Message) {
	b.WriteString(r.info.typeName)
	b.WriteByte('(')
	for i, f := range r.info.fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name)
		b.WriteString(" = ")
		writeValue(b, f.value(r.msg))
	}
	b.WriteByte(')')
}

func writeList(b *strings.Builder, l *List) {
	b.WriteByte('[')
	for i := range l.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(b, l.Index(i))
	}
	b.WriteByte(']')
}

func writeMap(b *strings.Builder, m *Map) {
	b.WriteByte('{')
	for i, item := range m.Items() {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(b, item[0])
		b.WriteString(": ")
		writeValue(b, item[1])
	}
	b.WriteByte('}')
}

func writeValue(b *strings.Builder, v starlark.Value) {
	switch v := v.(type) {
	case *Message:
		writeMessage(b, v)
	case *List:
		writeList(b, v)
	case *Map:
		writeMap(b, v)
	default:
		b.WriteString(v.String()) // Starlark's own repr for plain values
	}
}
