package builtins

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// Method is one fleet method bound to its Fleet: what `fleet.get_robot`
// evaluates to.
type Method struct {
	fleet *Fleet
	m     *method
}

var (
	_ starlark.Callable  = (*Method)(nil)
	_ starkit.Documented = (*Method)(nil)
	_ starkit.ParamNamer = (*Method)(nil)
)

func (b *Method) Name() string          { return "fleet." + b.m.name }
func (b *Method) Doc() string           { return b.m.doc }
func (b *Method) ParamNames() []string  { return b.m.names }
func (b *Method) String() string        { return fmt.Sprintf("<built-in method %s of fleet>", b.m.name) }
func (b *Method) Type() string          { return "builtin_function_or_method" }
func (b *Method) Freeze()               {}
func (b *Method) Truth() starlark.Bool  { return true }
func (b *Method) Hash() (uint32, error) { return starlark.String(b.m.name).Hash() }

func (b *Method) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return b.m.invoke(b.fleet, thread, args, kwargs)
}
