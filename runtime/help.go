package runtime

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
	"github.com/fleetscript/fleetscript/stdlib"
)

const helpDoc = `help(x=None)

Prints what x is and how to use it. For a builtin, a fleet method or a
module, its documentation (a module's with a one-line summary of each
member); for a function, its parameters and docstring; for any other
value, its type and attributes. help() with no argument lists the
predeclared names.`

func (h *Host) helpBuiltin() *starkit.Func {
	return starkit.NewFunc("help", helpDoc, []string{"x"}, func(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackArgs("help", args, kwargs, "x?", &x); err != nil {
			return nil, err
		}
		var text string
		if x == nil {
			text = h.overview()
		} else {
			text = h.Help(x)
		}
		io.WriteString(starkit.EnvOf(thread).Stdout, text+"\n")
		return starlark.None, nil
	})
}

// Help returns what help(v) prints.
func (h *Host) Help(v starlark.Value) string {
	var b strings.Builder
	switch v := v.(type) {
	case *starlark.Function: // before Documented: it has a Doc method too
		writeFunction(&b, v)
	case *starkit.Module:
		b.WriteString(strings.TrimSpace(v.Doc()))
		writeMembers(&b, v)
	case starkit.Documented:
		// Only the doc: reading the attributes of an arbitrary value may
		// do work (fleet.org_id asks the server), and such a value's doc
		// describes its members itself.
		b.WriteString(strings.TrimSpace(v.Doc()))
	case *starlark.Builtin:
		if doc, ok := universeDocs[v.Name()]; ok && v.Receiver() == nil {
			b.WriteString(doc)
		} else {
			fmt.Fprintf(&b, "%s: built-in function", v.Name())
		}
	default:
		fmt.Fprintf(&b, "%s: a value of type %s", truncate(v.String(), 60), v.Type())
		if attrs, ok := v.(starlark.HasAttrs); ok && len(attrs.AttrNames()) > 0 {
			fmt.Fprintf(&b, "\nattributes: %s", strings.Join(attrs.AttrNames(), ", "))
		}
	}
	return b.String()
}

// overview is what help() without an argument prints.
func (h *Host) overview() string {
	names := h.predeclared.Keys() // sorted
	return "Predeclared names (help(name) for more):\n" +
		table(names, func(name string) string { return Summary(h.predeclared[name]) }) +
		"\n\nLibraries, for load(\"" + stdlibPrefix + "NAME\", ...): " + strings.Join(stdlib.LibraryNames(), ", ")
}

// writeMembers lists a module's members with their one-line summaries.
func writeMembers(b *strings.Builder, m starlark.HasAttrs) {
	names := m.AttrNames()
	if len(names) == 0 {
		return
	}
	b.WriteString("\n\nMembers:\n")
	b.WriteString(table(names, func(name string) string {
		v, err := m.Attr(name)
		if err != nil || v == nil {
			return ""
		}
		return Summary(v)
	}))
}

// table is one indented line per name, the descriptions aligned.
func table(names []string, describe func(string) string) string {
	width := 0
	for _, name := range names {
		width = max(width, len(name))
	}
	lines := make([]string, len(names))
	for i, name := range names {
		lines[i] = strings.TrimRight(fmt.Sprintf("  %-*s  %s", width, name, describe(name)), " ")
	}
	return strings.Join(lines, "\n")
}

func writeFunction(b *strings.Builder, fn *starlark.Function) {
	param := func(i int) string {
		name, _ := fn.Param(i)
		if d := fn.ParamDefault(i); d != nil {
			name += "=" + d.String()
		}
		return name
	}
	// Param orders the parameters positional, keyword-only, *args,
	// **kwargs; show them in the order they were declared.
	n := fn.NumParams()
	kwargs, varargs := -1, -1
	if fn.HasKwargs() {
		n--
		kwargs = n
	}
	if fn.HasVarargs() {
		n--
		varargs = n
	}
	positional := n - fn.NumKwonlyParams()
	var params []string
	for i := range positional {
		params = append(params, param(i))
	}
	switch {
	case varargs >= 0:
		params = append(params, "*"+param(varargs))
	case fn.NumKwonlyParams() > 0:
		params = append(params, "*")
	}
	for i := positional; i < n; i++ {
		params = append(params, param(i))
	}
	if kwargs >= 0 {
		params = append(params, "**"+param(kwargs))
	}
	fmt.Fprintf(b, "%s(%s)  [defined at %s]", fn.Name(), strings.Join(params, ", "), fn.Position())
	if doc := cleanDoc(fn.Doc()); doc != "" {
		b.WriteString("\n\n" + doc)
	}
}

// cleanDoc removes the indentation a docstring's lines after the first
// share (they are indented like the code), as Python's inspect.cleandoc.
func cleanDoc(doc string) string {
	lines := strings.Split(strings.TrimSpace(doc), "\n")
	indent := -1
	for _, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		n := len(line) - len(strings.TrimLeft(line, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i := 1; i < len(lines); i++ {
		if len(lines[i]) >= indent && indent > 0 {
			lines[i] = lines[i][indent:]
		} else {
			lines[i] = strings.TrimSpace(lines[i])
		}
	}
	return strings.Join(lines, "\n")
}

// Summary is the one-line description help() lists v with: the first
// sentence of its doc (after the signature line docs conventionally start
// with), or its type.
func Summary(v starlark.Value) string {
	var doc string
	switch v := v.(type) {
	case *starlark.Function:
		doc = v.Doc()
	case starkit.Documented:
		doc = v.Doc()
	}
	if s := firstSentence(doc); s != "" {
		return s
	}
	return v.Type()
}

func firstSentence(doc string) string {
	var para []string
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		if len(para) == 0 && signatureLine.MatchString(line) {
			continue
		}
		para = append(para, line)
	}
	s := strings.Join(para, " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

// signatureLine matches the "name(params)" line docs conventionally start
// with, which says less than the line after it.
var signatureLine = regexp.MustCompile(`^[\w.]+\(.*\)( -> .*)?$`)

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
