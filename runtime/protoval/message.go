package protoval

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Message is a proto message as a frozen, dict-like Starlark value. Keys
// are the field names in declaration order; each field is converted when
// it is read and never cached, so a large result costs no more memory
// than its proto. Fields are also attributes (r.name), and shadow the
// mapping methods get, keys, values and items of the same name (use
// r["items"] or dict(r) then).
type Message struct {
	msg  protoreflect.Message
	info *messageInfo
}

var (
	_ starlark.IterableMapping = (*Message)(nil)
	_ starlark.Sequence        = (*Message)(nil)
	_ starlark.HasAttrs        = (*Message)(nil)
	_ starlark.Comparable      = (*Message)(nil)
	_ json.Marshaler           = (*Message)(nil)
)

// NewMessage wraps m, which must not be nil, without copying it. The
// caller must not modify m afterwards: the value is frozen.
func NewMessage(m proto.Message) *Message {
	pm := m.ProtoReflect()
	return &Message{msg: pm, info: infoOf(pm.Descriptor())}
}

// Proto returns the wrapped message. Callers must not modify it.
func (r *Message) Proto() proto.Message { return r.msg.Interface() }

func (r *Message) String() string {
	var b strings.Builder
	writeMessage(&b, r)
	return b.String()
}

// Type is the message's short name, e.g. "Robot".
func (r *Message) Type() string         { return r.info.typeName }
func (r *Message) Freeze()              {} // immutable already
func (r *Message) Truth() starlark.Bool { return len(r.info.fields) > 0 }
func (r *Message) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: %s", r.Type())
}

// Len is the number of keys: every field of the type, set or not.
func (r *Message) Len() int { return len(r.info.fields) }

// Get implements r[key] and `key in r`. An unknown name is an error with a
// did-you-mean; `in` ignores it and reports False.
func (r *Message) Get(k starlark.Value) (starlark.Value, bool, error) {
	name, ok := k.(starlark.String)
	if !ok {
		return nil, false, fmt.Errorf("%s key must be a string, not %s", r.Type(), k.Type())
	}
	f, ok := r.info.field(string(name))
	if !ok {
		return nil, false, fmt.Errorf("key %s not in %s%s", name, r.Type(), didYouMean(string(name), r.info.names))
	}
	return f.value(r.msg), true, nil
}

// lookup is Get without the unknown-key error, for get().
func (r *Message) lookup(k starlark.Value) (starlark.Value, bool) {
	if name, ok := k.(starlark.String); ok {
		if f, ok := r.info.field(string(name)); ok {
			return f.value(r.msg), true
		}
	}
	return nil, false
}

func (r *Message) Iterate() starlark.Iterator {
	return &valuesIterator{values: r.info.keys}
}

// Items returns (name, value) pairs in declaration order.
func (r *Message) Items() []starlark.Tuple {
	items := make([]starlark.Tuple, len(r.info.fields))
	for i, f := range r.info.fields {
		items[i] = starlark.Tuple{f.key, f.value(r.msg)}
	}
	return items
}

func (r *Message) Attr(name string) (starlark.Value, error) {
	if f, ok := r.info.field(name); ok {
		return f.value(r.msg), nil
	}
	if m := mappingMethod(r, name); m != nil {
		return m, nil
	}
	return nil, noSuchAttr(r, name)
}

func (r *Message) AttrNames() []string { return r.info.attrNames }

// CompareSameType compares two messages with proto.Equal.
func (r *Message) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other, ok := y.(*Message) // another Go type may share our Type() name
	if !ok {
		return op == syntax.NEQ, nil
	}
	switch op {
	case syntax.EQL:
		return proto.Equal(r.Proto(), other.Proto()), nil
	case syntax.NEQ:
		return !proto.Equal(r.Proto(), other.Proto()), nil
	}
	return false, fmt.Errorf("%s %s %s not supported", r.Type(), op, other.Type())
}

// valuesIterator iterates over a fixed slice of values.
type valuesIterator struct {
	values []starlark.Value
	i      int
}

func (it *valuesIterator) Next(p *starlark.Value) bool {
	if it.i >= len(it.values) {
		return false
	}
	*p = it.values[it.i]
	it.i++
	return true
}

func (it *valuesIterator) Done() {}
