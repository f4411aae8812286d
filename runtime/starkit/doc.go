package starkit

import (
	"fmt"
	"sort"
	"strings"

	"go.starlark.net/starlark"
)

// Documented is a value that help() can describe.
type Documented interface {
	starlark.Value
	Doc() string
}

// ParamNamer is a callable that can list its parameter names, so the REPL
// can complete keyword arguments.
type ParamNamer interface {
	ParamNames() []string
}

// SafeAttrs is a value some of whose attributes cost something to read:
// the fleet's org_id may send an RPC to discover the organization.
// SafeAttrNames lists the attributes that can be read without side effects
// (no I/O, no waiting); tools that inspect values without running code,
// such as REPL completion, read only those and offer the rest by name.
// A HasAttrs value that does not implement SafeAttrs is read freely.
type SafeAttrs interface {
	starlark.HasAttrs
	SafeAttrNames() []string
}

// Func is a documented builtin function. Errors it returns are prefixed
// with its name, so every message says which builtin failed.
type Func struct {
	name   string
	doc    string
	params []string
	fn     func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

var (
	_ starlark.Callable = (*Func)(nil)
	_ Documented        = (*Func)(nil)
	_ ParamNamer        = (*Func)(nil)
)

// NewFunc returns a builtin called name (as scripts see it, e.g.
// "re.match"), documented by doc, whose keyword parameters are params.
func NewFunc(name, doc string, params []string, fn func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *Func {
	return &Func{name: name, doc: doc, params: params, fn: fn}
}

func (f *Func) Name() string          { return f.name }
func (f *Func) Doc() string           { return f.doc }
func (f *Func) ParamNames() []string  { return f.params }
func (f *Func) String() string        { return fmt.Sprintf("<built-in function %s>", f.name) }
func (f *Func) Type() string          { return "builtin_function_or_method" }
func (f *Func) Freeze()               {}
func (f *Func) Truth() starlark.Bool  { return true }
func (f *Func) Hash() (uint32, error) { return starlark.String(f.name).Hash() }

func (f *Func) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := f.fn(thread, args, kwargs)
	if err != nil {
		return nil, &CallError{Func: f.name, Err: err}
	}
	return v, nil
}

// CallError is an error returned by a builtin, prefixed by the builtin's
// name (unless the error already starts with it). It unwraps to the
// original error.
type CallError struct {
	Func string
	Err  error
}

func (e *CallError) Error() string {
	msg := e.Err.Error()
	if strings.HasPrefix(msg, e.Func+": ") {
		return msg
	}
	return e.Func + ": " + msg
}
func (e *CallError) Unwrap() error { return e.Err }

// Module is a documented module: a namespace of members such as re or
// file. help() shows its doc followed by each member's one-line summary
// (the first sentence of the member's doc after its signature line), so
// the module doc need not list the members.
type Module struct {
	name    string
	doc     string
	members starlark.StringDict
}

var (
	_ starlark.HasAttrs = (*Module)(nil)
	_ Documented        = (*Module)(nil)
)

// NewModule returns a frozen module called name.
func NewModule(name, doc string, members starlark.StringDict) *Module {
	members.Freeze()
	return &Module{name: name, doc: doc, members: members}
}

func (m *Module) Name() string          { return m.name }
func (m *Module) Doc() string           { return m.doc }
func (m *Module) String() string        { return fmt.Sprintf("<module %q>", m.name) }
func (m *Module) Type() string          { return "module" }
func (m *Module) Freeze()               {}
func (m *Module) Truth() starlark.Bool  { return true }
func (m *Module) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: module") }

func (m *Module) Attr(name string) (starlark.Value, error) {
	if v, ok := m.members[name]; ok {
		return v, nil
	}
	return nil, nil // starlark reports "module has no .name field or method"
}

func (m *Module) AttrNames() []string {
	names := make([]string, 0, len(m.members))
	for name := range m.members {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
