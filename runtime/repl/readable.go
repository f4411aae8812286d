package repl

import (
	"slices"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// readableAttr reports whether completion (and NAME?) may read attribute
// name of v: any attribute, unless v lists those free of side effects
// (starkit.SafeAttrs, as the fleet does because reading its org_id may
// send an RPC). The other attributes are offered by name, never read.
func readableAttr(v starlark.Value, name string) bool {
	s, ok := v.(starkit.SafeAttrs)
	return !ok || slices.Contains(s.SafeAttrNames(), name)
}
