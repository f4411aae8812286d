package repl

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chzyer/readline"
	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// indent is what Tab inserts on a blank line, where there is nothing to
// complete but a block body to indent.
const indent = "    "

// starlarkKeywords complete like names (without a parenthesis).
var starlarkKeywords = []string{
	"and", "break", "continue", "def", "elif", "else", "for", "if", "in",
	"lambda", "load", "not", "or", "pass", "return", "while",
}

// completer proposes completions for the text before the cursor, from the
// values the session already holds: global names, attributes (a method
// gets its "("), string keys of mappings, and keyword parameters of the
// function being called. It reads values and never calls one, so Tab
// never sends an RPC.
type completer struct {
	globals func() starlark.StringDict
	// typed returns the earlier lines of the chunk being typed, so that a
	// call opened on one line completes keywords on the next; nil if none.
	typed func() string
}

var _ readline.AutoCompleter = (*completer)(nil)

func newCompleter(h Host, typed func() string) *completer {
	return &completer{globals: h.Globals, typed: typed}
}

// Do implements readline.AutoCompleter: it returns what each candidate
// adds after the typed partial word, and that word's length in runes.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	earlier := ""
	if c.typed != nil {
		earlier = c.typed()
	}
	candidates, partial := c.complete(earlier, string(line[:pos]))
	suffixes := make([][]rune, len(candidates))
	for i, cand := range candidates {
		suffixes[i] = []rune(cand[len(partial):])
	}
	return suffixes, utf8.RuneCountInString(partial)
}

// complete returns the candidates for the text before the cursor, which is
// earlier (lines of the same chunk) then line; each candidate replaces
// partial, the last len(partial) bytes of line, which it extends.
func (c *completer) complete(earlier, line string) (candidates []string, partial string) {
	defer func() {
		// A value's Attr or Items is code from anywhere; a bug there
		// must cost a completion, not the session.
		if recover() != nil {
			candidates, partial = nil, ""
		}
	}()
	if strings.TrimSpace(line) == "" {
		return []string{indent}, ""
	}
	before := earlier + line
	toks := lex(before)
	if len(toks) == 0 {
		return nil, "" // only line-continuation backslashes
	}
	last := toks[len(toks)-1]
	switch {
	case last.kind == tokComment:
		return nil, ""
	case last.kind == tokOpenString:
		return c.mapKeys(toks[:len(toks)-1], last), last.value
	case last.kind == tokIdent && last.end == len(before):
		partial, toks = last.text, toks[:len(toks)-1]
	case last.end == len(before) && !startsOperand(last.kind):
		return nil, "" // right after a number, string or closing bracket
	}
	if n := len(toks); n > 0 && toks[n-1].kind == tokDot {
		return c.attributes(toks[:n-1], partial), partial
	}
	return c.names(toks, partial), partial
}

// startsOperand reports whether a name may directly follow a token of
// kind k.
func startsOperand(k tokenKind) bool {
	switch k {
	case tokDot, tokComma, tokAssign, tokOpen, tokOther:
		return true
	}
	return false
}

// attributes completes partial as an attribute of the value at the path
// that ends with pathToks.
func (c *completer) attributes(pathToks []token, partial string) []string {
	v, ok := c.resolve(pathToks)
	if !ok {
		return nil
	}
	x, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	var out []string
	for _, name := range x.AttrNames() {
		if matches(name, partial) {
			a, _ := attr(v, name)
			out = append(out, withCallSuffix(name, a))
		}
	}
	sort.Strings(out)
	return out
}

// mapKeys completes an open string after "[" as a string key of the
// mapping at the path before the bracket, closing the string and the
// bracket.
func (c *completer) mapKeys(before []token, open token) []string {
	n := len(before)
	if open.escaped || len(open.quote) != 1 || n < 2 || before[n-1].text != "[" {
		return nil
	}
	v, ok := c.resolve(before[:n-1])
	if !ok {
		return nil
	}
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil
	}
	var out []string
	for _, item := range m.Items() {
		key, ok := item[0].(starlark.String)
		if !ok || !strings.HasPrefix(string(key), open.value) ||
			strings.ContainsAny(string(key), open.quote+"\\\n") {
			continue
		}
		out = append(out, string(key)+open.quote+"]")
	}
	sort.Strings(out)
	return out
}

// names completes partial as a name: keyword parameters first when it
// starts an argument of a call, then globals, builtins and keywords. Tab
// at the start of an argument offers only the keyword parameters, which
// answers "what can I pass?".
func (c *completer) names(before []token, partial string) []string {
	out := c.keywordParams(before, partial)
	if partial == "" && len(out) > 0 {
		return out
	}
	var names []string
	globals := c.globals()
	for _, scope := range []starlark.StringDict{globals, starlark.Universe} {
		for name, v := range scope {
			if matches(name, partial) {
				names = append(names, withCallSuffix(name, v))
			}
		}
	}
	for _, kw := range starlarkKeywords {
		if matches(kw, partial) {
			names = append(names, kw)
		}
	}
	sort.Strings(names)
	return append(out, slices.Compact(names)...)
}

// keywordParams returns "name=" for each parameter of the callee whose
// argument list the cursor is in, when partial starts an argument and the
// parameter was not passed by keyword already.
func (c *completer) keywordParams(before []token, partial string) []string {
	open, ok := innermostOpen(before)
	if !ok || before[open].text != "(" {
		return nil
	}
	if k := before[len(before)-1].kind; k != tokOpen && k != tokComma {
		return nil
	}
	callee, ok := c.resolve(before[:open])
	if !ok {
		return nil
	}
	used := keywordsPassed(before[open+1:])
	var out []string
	for _, p := range paramNames(callee) {
		if matches(p, partial) && !used[p] {
			out = append(out, p+"=")
		}
	}
	return out
}

// paramNames lists the keyword parameters of a builtin that declares them
// or of a function defined in Starlark.
func paramNames(v starlark.Value) []string {
	switch fn := v.(type) {
	case starkit.ParamNamer:
		return fn.ParamNames()
	case *starlark.Function:
		n := fn.NumParams()
		if fn.HasVarargs() {
			n--
		}
		if fn.HasKwargs() {
			n--
		}
		names := make([]string, n)
		for i := range names {
			names[i], _ = fn.Param(i)
		}
		return names
	}
	return nil
}

// innermostOpen returns the index of the innermost bracket still open at
// the end of toks.
func innermostOpen(toks []token) (int, bool) {
	depth := 0
	for i := len(toks) - 1; i >= 0; i-- {
		switch toks[i].kind {
		case tokClose:
			depth++
		case tokOpen:
			if depth == 0 {
				return i, true
			}
			depth--
		}
	}
	return 0, false
}

// keywordsPassed returns the keyword names in an argument list (the tokens
// after its opening parenthesis), ignoring those of nested calls.
func keywordsPassed(args []token) map[string]bool {
	used := map[string]bool{}
	depth := 0
	for i, t := range args {
		switch t.kind {
		case tokOpen:
			depth++
		case tokClose:
			depth--
		case tokAssign:
			if depth == 0 && i > 0 && args[i-1].kind == tokIdent {
				used[args[i-1].text] = true
			}
		}
	}
	return used
}

// resolve finds the value at the path that ends the tokens.
func (c *completer) resolve(pathToks []token) (starlark.Value, bool) {
	steps, _, ok := parsePath(pathToks)
	if !ok {
		return nil, false
	}
	return resolvePath(c.globals(), steps)
}

// matches reports whether name completes partial; names starting with an
// underscore are private and offered only when asked for.
func matches(name, partial string) bool {
	return strings.HasPrefix(name, partial) && (partial != "" && partial[0] == '_' || !strings.HasPrefix(name, "_"))
}

// withCallSuffix appends "(" to the name of a callable, ready for its
// arguments.
func withCallSuffix(name string, v starlark.Value) string {
	if _, ok := v.(starlark.Callable); ok {
		return name + "("
	}
	return name
}
