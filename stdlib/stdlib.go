// Package stdlib holds the modules every script gets besides fleet: json,
// time and math from go.starlark.net, and our own re, file, table,
// parallel and assert; plus the .star helper libraries scripts load with
// load("@stdlib/NAME.star", ...).
//
// Each module registers itself from its own file, so adding one touches
// nothing else.
package stdlib

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
)

var modules = map[string]starlark.Value{}

// register makes v predeclared as name in every script. It is called from
// init functions only.
func register(name string, v starlark.Value) {
	if _, dup := modules[name]; dup {
		panic(fmt.Sprintf("stdlib: %s registered twice", name))
	}
	v.Freeze()
	modules[name] = v
}

// Predeclared returns a fresh dict of every standard module by name.
func Predeclared() starlark.StringDict {
	d := make(starlark.StringDict, len(modules))
	for name, v := range modules {
		d[name] = v
	}
	return d
}

// Names returns the sorted names of the standard modules.
func Names() []string {
	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
