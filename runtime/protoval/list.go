package protoval

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// List is a repeated field as a frozen, list-like Starlark value. Elements
// are converted when read and never cached, so iterating over 10,000
// messages costs a small wrapper per element and holds no memory after.
//
// Its type is "proto.list", not "list": Starlark compares values whose
// types share a name as if they were the same Go type. Use list(x) for a
// mutable copy; x + [...] also gives a new list.
type List struct {
	list protoreflect.List
	elem *fieldInfo // the repeated field, which describes the elements

	// parent is the message holding the field, where goElements finds
	// the Go slice (a generated list points into it: holding it costs
	// nothing more).
	parent protoreflect.Message
}

var (
	_ starlark.Sliceable  = (*List)(nil)
	_ starlark.Sequence   = (*List)(nil)
	_ starlark.Container  = (*List)(nil)
	_ starlark.Comparable = (*List)(nil)
	_ starlark.HasBinary  = (*List)(nil)
	_ json.Marshaler      = (*List)(nil)
)

func (l *List) String() string {
	var b strings.Builder
	writeList(&b, l)
	return b.String()
}

func (l *List) Type() string         { return "proto.list" }
func (l *List) Freeze()              {} // immutable already
func (l *List) Truth() starlark.Bool { return l.list.Len() > 0 }
func (l *List) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: %s", l.Type())
}

func (l *List) Len() int { return l.list.Len() }

func (l *List) Index(i int) starlark.Value { return l.elem.singular(l.list.Get(i)) }

// Slice returns a new Starlark list of the selected elements, the
// script's own to change (as list slicing gives).
func (l *List) Slice(start, end, step int) starlark.Value {
	var elems []starlark.Value
	for i := start; (step > 0 && i < end) || (step < 0 && i > end); i += step {
		elems = append(elems, l.Index(i))
	}
	return starlark.NewList(elems)
}

func (l *List) Iterate() starlark.Iterator {
	it := &listIterator{l: l, n: l.list.Len()}
	if l.elem.kind == protoreflect.MessageKind {
		if info := l.elem.messageInfo(); info.wellKnown == notWellKnown {
			it.info = info
			it.goElems, it.fromGo = l.goElements()
		}
	}
	return it
}

func (l *List) Has(y starlark.Value) (bool, error) {
	for i := range l.Len() {
		if eq, err := starlark.Equal(l.Index(i), y); err != nil {
			return false, err
		} else if eq {
			return true, nil
		}
	}
	return false, nil
}

// CompareSameType compares element by element, so two repeated fields of
// equal contents are equal. Compare with a Starlark list via list(x).
func (l *List) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other, ok := y.(*List)
	if !ok {
		return op == syntax.NEQ, nil
	}
	if op != syntax.EQL && op != syntax.NEQ {
		return false, fmt.Errorf("%s %s %s not supported", l.Type(), op, other.Type())
	}
	eq, err := l.equal(other, depth)
	if err != nil {
		return false, err
	}
	return eq == (op == syntax.EQL), nil
}

func (l *List) equal(other *List, depth int) (bool, error) {
	if l.Len() != other.Len() {
		return false, nil
	}
	for i := range l.Len() {
		if eq, err := starlark.EqualDepth(l.Index(i), other.Index(i), depth-1); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// Binary implements + with a list or another repeated field: the
// result is a new mutable list.
func (l *List) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.PLUS {
		return nil, nil
	}
	other, ok := y.(starlark.Indexable)
	if !ok {
		return nil, nil
	}
	switch other.(type) {
	case *starlark.List, *List:
	default:
		return nil, nil // not a list (a string is Indexable too)
	}
	first, second := starlark.Indexable(l), other
	if side == starlark.Right {
		first, second = other, l
	}
	elems := make([]starlark.Value, 0, first.Len()+second.Len())
	for _, seq := range []starlark.Indexable{first, second} {
		for i := range seq.Len() {
			elems = append(elems, seq.Index(i))
		}
	}
	return starlark.NewList(elems), nil
}

type listIterator struct {
	l    *List
	i, n int // the list is immutable, so its length is read once

	// info is the elements' type when they are plain messages, which
	// Next wraps from slab: one allocation per iteratorSlab elements
	// instead of one per element. slab is replaced only when used up (a
	// position, not a shrinking slice, saves a pointer write per element).
	info    *messageInfo
	slab    []Message
	slabPos int

	goElems reflect.Value // the Go slice of the elements, when fromGo
	fromGo  bool
}

// iteratorSlab trades allocations for retention: an element kept after
// the loop keeps up to iteratorSlab wrappers (24 bytes each) alive.
const iteratorSlab = 32

func (it *listIterator) Next(p *starlark.Value) bool {
	if it.i >= it.n {
		return false
	}
	if it.info == nil {
		*p = it.l.Index(it.i)
		it.i++
		return true
	}
	var msg protoreflect.Message
	if it.fromGo {
		msg = it.goElems.Index(it.i).Interface().(protoreflect.ProtoMessage).ProtoReflect()
	} else {
		msg = it.l.list.Get(it.i).Message()
	}
	if it.slabPos == len(it.slab) {
		it.slab = make([]Message, min(iteratorSlab, it.n-it.i))
		it.slabPos = 0
	}
	r := &it.slab[it.slabPos]
	it.slabPos++
	r.msg, r.info = msg, it.info
	*p = r
	it.i++
	return true
}

func (it *listIterator) Done() {}
