package builtins

import (
	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// spec declares one fleet method. Everything a method does that the
// generic call path cannot derive from the descriptors is said here, once.
type spec struct {
	name   string  // Starlark name, the Python SDK's
	rpc    string  // AppService method name, e.g. "GetRobot"
	params []param // in the Python SDK's order
	// result names the response fields that make the result: none gives
	// None, one gives that field, several a tuple of them.
	result  []string
	mutates bool // changes the fleet: --dry-run reports instead of sending
	// secrets names string request fields --dry-run prints as "<redacted>".
	secrets []string

	// Documentation: one paragraph, what the result means, the errors
	// the server gives.
	summary string
	returns string
	errors  string

	// resultType overrides the result type shown in the doc.
	resultType string

	// Hooks for what a table cannot say. All are optional.

	// build checks what only hooks read and fills request fields that no
	// single parameter maps to (add_role's Authorization). It runs after
	// the parameters filled the request and before defaults are resolved,
	// so it must validate before calling c.org(), which may send an RPC.
	// Its errors are argument errors unless they are RPC failures.
	build func(c *call, req protoreflect.Message) error
	// pages makes the call fetch pages until enough entries arrived.
	pages *paging
	// after runs on a successful response, before it becomes the result
	// (dest= writes).
	after func(c *call, resp protoreflect.Message) error
	// run replaces the unary invocation (streaming RPCs). It gets the
	// filled request and returns the result.
	run func(c *call, req protoreflect.Message) (starlark.Value, error)
}

// param declares one parameter.
type param struct {
	name string
	// field is the request field the argument fills; "" when only hooks
	// read the argument.
	field string
	// kind types arguments that fill no field, or overrides the field's
	// own type; kindField means "as the field says".
	kind kind
	// def is the default; nil makes the parameter required, None optional
	// (an absent optional argument leaves its field unset).
	def starlark.Value
	// scope makes an omitted argument take the fleet's default org or
	// location.
	scope scope
	// id refuses the empty string (ids and names that must be given).
	id bool
	// emptyIsNone treats "" like None (update_location's name, as the
	// Python SDK does).
	emptyIsNone bool
	doc         string
}

type kind int

const (
	kindField      kind = iota // typed by its request field
	kindString                 // str
	kindBool                   // bool
	kindInt                    // int
	kindStringList             // list of str
	kindBytes                  // bytes
	kindSeconds                // int or float seconds, or time.duration
	kindDicts                  // list of dicts, read by a hook
)

type scope int

const (
	scopeNone scope = iota
	scopeOrg
	scopeLocation
)

// paging says how a paged list RPC is followed to the end.
type paging struct {
	tokenField string // request field carrying the page token
	nextField  string // response field with the next token ("" = last page)
	// limit returns how many entries the caller wants; 0 means all.
	limit func(c *call) (int, error)
}

var none = starlark.None

// Shared parameter declarations, so that every method documents them alike.

func orgParam(field string) param {
	return param{name: "org_id", field: field, kind: kindString, def: none, scope: scopeOrg, id: true,
		doc: "ID of the organization. Defaults to the fleet's organization (fleet.org_id)."}
}

func locationParam(field, doc string) param {
	return param{name: "location_id", field: field, kind: kindString, def: none, scope: scopeLocation, id: true,
		doc: doc + " Defaults to the fleet's location (fleet.location_id)."}
}

func idParam(name, field, doc string) param {
	return param{name: name, field: field, kind: kindString, id: true, doc: doc}
}

var (
	true_  = starlark.True
	false_ = starlark.False
)
