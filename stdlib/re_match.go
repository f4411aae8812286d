package stdlib

// The match value re.match, re.search and re.fullmatch return.

import (
	"errors"
	"fmt"
	"regexp"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// reMatchValue is the result of a successful match, search or fullmatch:
// Python's re.Match.
type reMatchValue struct {
	re  *regexp.Regexp
	s   string
	loc []int // start, end pairs of the whole match and each group
}

var (
	_ starlark.HasAttrs = (*reMatchValue)(nil)
	_ starlark.Value    = (*reMatchValue)(nil)
)

func newMatch(re *regexp.Regexp, s string, loc []int) *reMatchValue {
	return &reMatchValue{re: re, s: s, loc: loc}
}

func (m *reMatchValue) String() string {
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>",
		m.loc[0], m.loc[1], starlark.String(m.s[m.loc[0]:m.loc[1]]).String())
}
func (m *reMatchValue) Type() string          { return "re.Match" }
func (m *reMatchValue) Freeze()               {} // immutable
func (m *reMatchValue) Truth() starlark.Bool  { return true }
func (m *reMatchValue) Hash() (uint32, error) { return 0, errors.New("unhashable: re.Match") }

// matchMethod is one method of a match value.
type matchMethod struct {
	doc    string
	params []string
	fn     func(m *reMatchValue, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

var matchMethods = map[string]matchMethod{
	"group": {
		doc: `match.group(n=0, ...)

Returns the text of group n (a number or a name; 0 is the whole match), or
None if that group did not take part. With several arguments, a tuple.`,
		params: []string{"n"},
		fn:     (*reMatchValue).group,
	},
	"groups": {
		doc: `match.groups(default=None)

Returns a tuple of the text of every group, default for those that did
not take part.`,
		params: []string{"default"},
		fn:     (*reMatchValue).groups,
	},
	"groupdict": {
		doc: `match.groupdict(default=None)

Returns a dict from each named group to its text, default for those that
did not take part.`,
		params: []string{"default"},
		fn:     (*reMatchValue).groupdict,
	},
	"start": {
		doc: `match.start(n=0)

Returns the byte offset where group n starts, -1 if it did not take part.`,
		params: []string{"n"},
		fn:     positionMethod(edgeStart),
	},
	"end": {
		doc: `match.end(n=0)

Returns the byte offset where group n ends, -1 if it did not take part.`,
		params: []string{"n"},
		fn:     positionMethod(edgeEnd),
	},
	"span": {
		doc: `match.span(n=0)

Returns (start, end) of group n, (-1, -1) if it did not take part.`,
		params: []string{"n"},
		fn:     positionMethod(edgeSpan),
	},
}

func (m *reMatchValue) Attr(name string) (starlark.Value, error) {
	method, ok := matchMethods[name]
	if !ok {
		return nil, nil // Starlark reports the missing attribute
	}
	qualified := "re.Match." + name
	return starkit.NewFunc(qualified, method.doc, method.params,
		func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return method.fn(m, qualified, args, kwargs)
		}), nil
}

func (m *reMatchValue) AttrNames() []string {
	return []string{"end", "group", "groupdict", "groups", "span", "start"}
}

// groupArg resolves a group given by number or name.
func (m *reMatchValue) groupArg(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n < 0 || n > int64(m.re.NumSubexp()) {
			return 0, fmt.Errorf("no such group %s: the pattern has %d group(s)", v, m.re.NumSubexp())
		}
		return int(n), nil
	case starlark.String:
		if g := m.re.SubexpIndex(string(v)); v != "" && g >= 0 {
			return g, nil
		}
		return 0, fmt.Errorf("no such group %s", v)
	default:
		return 0, fmt.Errorf("group reference: got %s, want int or string", v.Type())
	}
}

func (m *reMatchValue) group(_ string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, errors.New("unexpected keyword arguments")
	}
	if len(args) == 0 {
		args = starlark.Tuple{starlark.MakeInt(0)}
	}
	out := make(starlark.Tuple, len(args))
	for i, arg := range args {
		g, err := m.groupArg(arg)
		if err != nil {
			return nil, err
		}
		out[i] = groupText(m.s, m.loc, g, starlark.None)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func (m *reMatchValue) groups(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var def starlark.Value = starlark.None
	if err := starlark.UnpackArgs(name, args, kwargs, "default?", &def); err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, m.re.NumSubexp())
	for i := range out {
		out[i] = groupText(m.s, m.loc, i+1, def)
	}
	return out, nil
}

func (m *reMatchValue) groupdict(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var def starlark.Value = starlark.None
	if err := starlark.UnpackArgs(name, args, kwargs, "default?", &def); err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(m.re.SubexpNames()))
	for g, name := range m.re.SubexpNames() {
		if name != "" {
			d.SetKey(starlark.String(name), groupText(m.s, m.loc, g, def))
		}
	}
	return d, nil
}

// matchEdge says which end of a group start, end and span report.
type matchEdge int

const (
	edgeStart matchEdge = iota
	edgeEnd
	edgeSpan
)

// positionMethod implements start, end and span: the byte offsets of a
// group, -1 for a group that took no part.
func positionMethod(edge matchEdge) func(m *reMatchValue, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return func(m *reMatchValue, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var n starlark.Value = starlark.MakeInt(0)
		if err := starlark.UnpackArgs(name, args, kwargs, "n?", &n); err != nil {
			return nil, err
		}
		g, err := m.groupArg(n)
		if err != nil {
			return nil, err
		}
		start, end := starlark.MakeInt(m.loc[2*g]), starlark.MakeInt(m.loc[2*g+1])
		switch edge {
		case edgeStart:
			return start, nil
		case edgeEnd:
			return end, nil
		default:
			return starlark.Tuple{start, end}, nil
		}
	}
}
