package repl

import (
	"sync"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/builtins"
)

// readableAttr reports whether completion (and NAME?) may read attribute
// name of v. Reading an attribute is free for every value but the fleet:
// its org_id discovers the default organization with an RPC the first
// time it is read, so on the fleet only methods are read, and the other
// attributes are offered by name without being looked at.
func readableAttr(v starlark.Value, name string) bool {
	if _, ok := v.(*builtins.Fleet); ok {
		return fleetMethods()[name]
	}
	return true
}

// fleetMethods is the set of fleet method names (static: no client).
var fleetMethods = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for _, m := range builtins.Methods() {
		names[m.Name] = true
	}
	return names
})
