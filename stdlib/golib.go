package stdlib

import (
	starlarkjson "go.starlark.net/lib/json"
	starlarkmath "go.starlark.net/lib/math"
	starlarktime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// The json, time and math modules are go.starlark.net's own; fleetscript
// adds the documentation help() shows, keeping each function as it is (its
// errors already name it).

func init() {
	register("json", documented(starlarkjson.Module, jsonDoc, jsonDocs))
	register("time", documented(starlarktime.Module, timeDoc, timeDocs))
	register("math", documented(starlarkmath.Module, mathDoc, mathDocs))
}

// documented returns m as a starkit.Module whose members carry docs.
// Members without an entry in docs keep their own value (constants such
// as math.pi, types such as time.time).
func documented(m *starlarkstruct.Module, doc string, docs map[string]string) *starkit.Module {
	members := make(starlark.StringDict, len(m.Members))
	for name, v := range m.Members {
		if b, ok := v.(*starlark.Builtin); ok {
			if d, ok := docs[name]; ok {
				v = &docBuiltin{Builtin: b, name: m.Name + "." + name, doc: d}
			}
		}
		members[name] = v
	}
	return starkit.NewModule(m.Name, doc, members)
}

// docBuiltin is a go.starlark.net builtin with a doc and its qualified
// name ("json.encode", not "encode") in backtraces.
type docBuiltin struct {
	*starlark.Builtin
	name string
	doc  string
}

var (
	_ starlark.Callable  = (*docBuiltin)(nil)
	_ starkit.Documented = (*docBuiltin)(nil)
)

func (b *docBuiltin) Name() string   { return b.name }
func (b *docBuiltin) Doc() string    { return b.doc }
func (b *docBuiltin) String() string { return "<built-in function " + b.name + ">" }
