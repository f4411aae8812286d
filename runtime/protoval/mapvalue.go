package protoval

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Map is a map field as a frozen, dict-like Starlark value whose keys
// iterate in sorted order (proto maps have none), so output is stable.
// Its type is "proto.map" (see List for why it is not "dict").
type Map struct {
	m     protoreflect.Map
	field *fieldInfo // the map field; its mapKey and mapValue describe entries
}

var (
	_ starlark.IterableMapping = (*Map)(nil)
	_ starlark.Sequence        = (*Map)(nil)
	_ starlark.HasAttrs        = (*Map)(nil)
	_ starlark.Comparable      = (*Map)(nil)
	_ json.Marshaler           = (*Map)(nil)
)

func (m *Map) String() string {
	var b strings.Builder
	writeMap(&b, m)
	return b.String()
}

func (m *Map) Type() string         { return "proto.map" }
func (m *Map) Freeze()              {} // immutable already
func (m *Map) Truth() starlark.Bool { return m.m.Len() > 0 }
func (m *Map) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: %s", m.Type())
}

func (m *Map) Len() int { return m.m.Len() }

func (m *Map) Get(k starlark.Value) (starlark.Value, bool, error) {
	mk, err := mapKeyFrom(m.field.fd.MapKey(), k)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", m.Type(), err)
	}
	v := m.m.Get(mk)
	if !v.IsValid() {
		return nil, false, nil
	}
	return m.field.mapValue.singular(v), true, nil
}

func (m *Map) lookup(k starlark.Value) (starlark.Value, bool) {
	v, found, err := m.Get(k)
	return v, found && err == nil
}

func (m *Map) Iterate() starlark.Iterator {
	keys := m.sortedKeys()
	vals := make([]starlark.Value, len(keys))
	for i, k := range keys {
		vals[i] = m.field.mapKey.scalar(k.Value())
	}
	return &valuesIterator{values: vals}
}

// Items returns (key, value) pairs in key order.
func (m *Map) Items() []starlark.Tuple {
	keys := m.sortedKeys()
	items := make([]starlark.Tuple, len(keys))
	for i, k := range keys {
		items[i] = starlark.Tuple{m.field.mapKey.scalar(k.Value()), m.field.mapValue.singular(m.m.Get(k))}
	}
	return items
}

func (m *Map) Attr(name string) (starlark.Value, error) {
	if method := mappingMethod(m, name); method != nil {
		return method, nil
	}
	return nil, noSuchAttr(m, name)
}

func (m *Map) AttrNames() []string { return mappingMethodNames }

func (m *Map) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other, ok := y.(*Map)
	if !ok {
		return op == syntax.NEQ, nil
	}
	if op != syntax.EQL && op != syntax.NEQ {
		return false, fmt.Errorf("%s %s %s not supported", m.Type(), op, other.Type())
	}
	eq, err := m.equal(other, depth)
	if err != nil {
		return false, err
	}
	return eq == (op == syntax.EQL), nil
}

func (m *Map) equal(other *Map, depth int) (bool, error) {
	if m.Len() != other.Len() {
		return false, nil
	}
	for _, item := range m.Items() {
		v, found, err := other.Get(item[0])
		if err != nil || !found {
			return false, nil // keys of another type: not equal
		}
		if eq, err := starlark.EqualDepth(item[1], v, depth-1); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// sortedKeys returns the map's keys in order: strings and numbers by value,
// false before true.
func (m *Map) sortedKeys() []protoreflect.MapKey {
	keys := make([]protoreflect.MapKey, 0, m.m.Len())
	m.m.Range(func(k protoreflect.MapKey, _ protoreflect.Value) bool {
		keys = append(keys, k)
		return true
	})
	sort.Slice(keys, func(i, j int) bool { return mapKeyLess(m.field.mapKey.kind, keys[i], keys[j]) })
	return keys
}

func mapKeyLess(kind protoreflect.Kind, a, b protoreflect.MapKey) bool {
	switch kind {
	case protoreflect.StringKind:
		return a.String() < b.String()
	case protoreflect.BoolKind:
		return !a.Bool() && b.Bool()
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return a.Uint() < b.Uint()
	}
	return a.Int() < b.Int()
}
