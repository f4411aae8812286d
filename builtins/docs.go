package builtins

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// MethodInfo describes a fleet method for `fleetscript doc` and the REPL,
// without a client.
type MethodInfo struct {
	Name      string   // "get_robot"
	Group     string   // "robots"
	RPC       string   // "GetRobot": the AppService method it calls
	Params    []string // parameter names in order
	Signature string   // "fleet.get_robot(robot_id) -> Robot"
	Mutates   bool     // --dry-run reports it instead of sending
	Doc       string   // what help(fleet.get_robot) prints
}

// Methods lists every fleet method, sorted by name.
func Methods() []MethodInfo {
	infos := make([]MethodInfo, len(registry.sorted))
	for i, m := range registry.sorted {
		infos[i] = MethodInfo{
			Name:      m.name,
			Group:     m.group,
			RPC:       m.rpc,
			Params:    m.names,
			Signature: signature(m),
			Mutates:   m.mutates,
			Doc:       m.doc,
		}
	}
	return infos
}

// Doc returns the documentation of the fleet method called name.
func Doc(name string) (string, bool) {
	m, ok := registry.byName[strings.TrimPrefix(name, "fleet.")]
	if !ok {
		return "", false
	}
	return m.doc, true
}

func moduleDoc() string {
	var b strings.Builder
	b.WriteString("fleet: Viam's fleet management API.\n\n")
	b.WriteString("Attributes: org_id and location_id (the defaults), use(org_id=, location_id=).\n")
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s:\n", g.name)
		for i := range g.specs {
			fmt.Fprintf(&b, "  %s\n", signature(registry.byName[g.specs[i].name]))
		}
	}
	b.WriteString("\nhelp(fleet.NAME) describes one method.")
	return b.String()
}

// signature is the first line of a method's doc.
func signature(m *method) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fleet.%s(", m.name)
	for i, p := range m.params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.name)
		if p.def != nil {
			b.WriteString("=" + p.def.String())
		}
	}
	fmt.Fprintf(&b, ") -> %s", resultTypeName(m))
	return b.String()
}

func renderDoc(m *method) string {
	var b strings.Builder
	b.WriteString(signature(m))
	b.WriteString("\n\n")
	b.WriteString(m.summary)
	if m.mutates {
		b.WriteString(" Changes the fleet: with --dry-run it prints the request instead of sending it.")
	}
	b.WriteString("\n")
	if len(m.params) > 0 {
		b.WriteString("\nParameters:\n")
		for i, p := range m.params {
			fmt.Fprintf(&b, "  %s (%s): %s\n", p.name, paramTypeName(m, i), p.doc)
		}
	}
	fmt.Fprintf(&b, "\nReturns: %s", resultTypeName(m))
	if m.returns != "" {
		b.WriteString(": " + m.returns)
	}
	b.WriteString("\n\nErrors: wrong, missing or unknown arguments and empty ids fail before any call.")
	if m.errors != "" {
		b.WriteString(" " + m.errors)
	}
	return b.String()
}

func paramTypeName(m *method, i int) string {
	name := kindName(m.kinds[i], m.fields[i])
	if m.params[i].def == starlark.None {
		return "optional " + name
	}
	return name
}

func kindName(k kind, fd protoreflect.FieldDescriptor) string {
	switch k {
	case kindString:
		return "string"
	case kindBool:
		return "bool"
	case kindInt:
		return "int"
	case kindStringList:
		return "list of strings"
	case kindBytes:
		return "bytes"
	case kindSeconds:
		return "seconds or time.duration"
	case kindDicts:
		return "list of dicts"
	}
	// Message arguments are dicts (or values a call returned).
	if fd.Message() != nil && !strings.HasPrefix(string(fd.Message().FullName()), "google.protobuf.") {
		if fd.IsList() {
			return "list of dicts (" + string(fd.Message().Name()) + ")"
		}
		return "dict (" + string(fd.Message().Name()) + ")"
	}
	return fieldTypeName(fd)
}

// fieldTypeName names a field's Starlark form in docs.
func fieldTypeName(fd protoreflect.FieldDescriptor) string {
	var elem string
	switch {
	case fd.Enum() != nil:
		elem = "string"
	case fd.Message() == nil:
		elem = fd.Kind().String()
	default:
		switch fd.Message().FullName() {
		case "google.protobuf.Struct":
			elem = "dict"
		case "google.protobuf.Timestamp":
			elem = "time.time"
		case "google.protobuf.Duration":
			elem = "time.duration"
		default:
			elem = string(fd.Message().Name())
		}
	}
	if fd.IsList() {
		return "list of " + elem
	}
	return elem
}

func resultTypeName(m *method) string {
	if m.resultType != "" {
		return m.resultType
	}
	switch len(m.results) {
	case 0:
		return "None"
	case 1:
		return fieldTypeName(m.results[0])
	}
	names := make([]string, len(m.results))
	for i, fd := range m.results {
		names[i] = fieldTypeName(fd)
	}
	return "(" + strings.Join(names, ", ") + ")"
}
