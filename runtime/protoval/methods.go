package protoval

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/internal/spell"
)

// dictLike is a read-only mapping that offers the dict methods get, keys,
// values and items (Message and Map).
type dictLike interface {
	starlark.IterableMapping
	// lookup finds k without failing: get() returns its default instead.
	lookup(k starlark.Value) (starlark.Value, bool)
}

var mappingMethodNames = []string{"get", "items", "keys", "values"}

var mappingMethods = map[string]*starlark.Builtin{
	"get":    starlark.NewBuiltin("get", mappingGet),
	"items":  starlark.NewBuiltin("items", mappingItems),
	"keys":   starlark.NewBuiltin("keys", mappingKeys),
	"values": starlark.NewBuiltin("values", mappingValues),
}

// mappingMethod returns method name bound to d, or nil if there is none.
func mappingMethod(d dictLike, name string) starlark.Value {
	if b, ok := mappingMethods[name]; ok {
		return b.BindReceiver(d)
	}
	return nil
}

// noSuchAttr is the error for an unknown attribute, with our did-you-mean
// (which, unlike the interpreter's, forgives swapped letters). It is a
// plain error, not a starlark.NoSuchAttrError, so the interpreter does not
// add a second hint; getattr() and hasattr() treat it alike.
func noSuchAttr(v starlark.HasAttrs, name string) error {
	hint := ""
	if n := spell.Nearest(name, v.AttrNames()); n != "" {
		hint = " (did you mean ." + n + "?)"
	}
	return fmt.Errorf("%s has no .%s field or method%s", v.Type(), name, hint)
}

func mappingGet(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value
	var dflt starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &key, &dflt); err != nil {
		return nil, err
	}
	if v, ok := b.Receiver().(dictLike).lookup(key); ok {
		return v, nil
	}
	return dflt, nil
}

func mappingKeys(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	d := b.Receiver().(dictLike)
	keys := make([]starlark.Value, 0, starlark.Len(d))
	iter := d.Iterate()
	defer iter.Done()
	var k starlark.Value
	for iter.Next(&k) {
		keys = append(keys, k)
	}
	return starlark.NewList(keys), nil
}

func mappingValues(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	items := b.Receiver().(dictLike).Items()
	values := make([]starlark.Value, len(items))
	for i, item := range items {
		values[i] = item[1]
	}
	return starlark.NewList(values), nil
}

func mappingItems(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	items := b.Receiver().(dictLike).Items()
	list := make([]starlark.Value, len(items))
	for i, item := range items {
		list[i] = item
	}
	return starlark.NewList(list), nil
}
