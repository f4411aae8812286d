package repl

import (
	"slices"
	"strconv"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// pathStep is one step of a path such as r.parts[0]["name"].
type pathStep struct {
	kind  stepKind
	name  string // stepName, stepAttr, stepKey
	index int    // stepIndex
	value starlark.Value
}

type stepKind int

const (
	stepName    stepKind = iota // a global (first step only)
	stepLiteral                 // a string literal (first step only)
	stepAttr                    // .name
	stepKey                     // ["key"]
	stepIndex                   // [0]
)

// parsePath reads the path that ends with toks[len(toks)-1]: a global or
// string literal followed by attributes, string keys and integer indexes.
// Anything else (a call, an operator, a computed index) is not a path: the
// completer only looks at values already held, and never calls anything.
// start is the index of the path's first token.
func parsePath(toks []token) (steps []pathStep, start int, ok bool) {
	j := len(toks) - 1
	for j >= 0 {
		t := toks[j]
		switch {
		case t.kind == tokIdent && j > 0 && toks[j-1].kind == tokDot:
			steps = append(steps, pathStep{kind: stepAttr, name: t.text})
			j -= 2
		case t.kind == tokIdent:
			steps = append(steps, pathStep{kind: stepName, name: t.text})
			return reversed(steps), j, true
		case t.kind == tokString && !t.escaped: // "a,b".split
			steps = append(steps, pathStep{kind: stepLiteral, value: starlark.String(t.value)})
			return reversed(steps), j, true
		case t.text == "]" && j >= 2 && toks[j-2].text == "[":
			step, ok := subscriptStep(toks[j-1])
			if !ok {
				return nil, 0, false
			}
			steps = append(steps, step)
			j -= 3
		case t.text == "]" && j >= 3 && toks[j-3].text == "[" && toks[j-2].text == "-":
			step, ok := subscriptStep(toks[j-1])
			if !ok || step.kind != stepIndex {
				return nil, 0, false
			}
			step.index = -step.index
			steps = append(steps, step)
			j -= 4
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// subscriptStep is the step for the literal between brackets.
func subscriptStep(t token) (pathStep, bool) {
	switch t.kind {
	case tokString:
		return pathStep{kind: stepKey, name: t.value}, !t.escaped
	case tokNumber:
		n, err := strconv.Atoi(t.text)
		return pathStep{kind: stepIndex, index: n}, err == nil
	}
	return pathStep{}, false
}

func reversed(steps []pathStep) []pathStep {
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return steps
}

// resolvePath looks the path up in globals (then the Starlark universe)
// without calling any function.
func resolvePath(globals starlark.StringDict, steps []pathStep) (starlark.Value, bool) {
	var v starlark.Value
	for i, step := range steps {
		var ok bool
		switch step.kind {
		case stepName:
			v, ok = lookupName(globals, step.name)
		case stepLiteral:
			v, ok = step.value, i == 0
		case stepAttr:
			v, ok = attr(v, step.name)
		case stepKey:
			v, ok = mapKey(v, step.name)
		case stepIndex:
			v, ok = index(v, step.index)
		}
		if !ok {
			return nil, false
		}
	}
	return v, v != nil
}

func lookupName(globals starlark.StringDict, name string) (starlark.Value, bool) {
	if v, ok := globals[name]; ok {
		return v, true
	}
	v, ok := starlark.Universe[name]
	return v, ok
}

// attr reads attribute name of v, if that is known to cost no I/O.
func attr(v starlark.Value, name string) (starlark.Value, bool) {
	x, ok := v.(starlark.HasAttrs)
	if !ok || !readableAttr(v, name) {
		return nil, false
	}
	a, err := x.Attr(name)
	return a, err == nil && a != nil
}

// readableAttr reports whether completion (and NAME?) may read attribute
// name of v: any attribute, unless v lists those free of side effects
// (starkit.SafeAttrs, as the fleet does because reading its org_id may
// send an RPC). The other attributes are offered by name, never read.
func readableAttr(v starlark.Value, name string) bool {
	s, ok := v.(starkit.SafeAttrs)
	return !ok || slices.Contains(s.SafeAttrNames(), name)
}

func mapKey(v starlark.Value, key string) (starlark.Value, bool) {
	m, ok := v.(starlark.Mapping)
	if !ok {
		return nil, false
	}
	x, found, err := m.Get(starlark.String(key))
	return x, found && err == nil
}

func index(v starlark.Value, i int) (starlark.Value, bool) {
	seq, ok := v.(starlark.Indexable)
	if !ok {
		return nil, false
	}
	if i < 0 {
		i += seq.Len()
	}
	if i < 0 || i >= seq.Len() {
		return nil, false
	}
	return seq.Index(i), true
}
