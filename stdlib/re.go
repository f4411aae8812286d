package stdlib

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// The re module: Python's re functions over Go's regexp package. Patterns
// are RE2, so matching is linear in the input: a script from a repository
// cannot hang the run with a pathological pattern.

func init() {
	register("re", starkit.NewModule("re", reDoc, starlark.StringDict{
		"match":     starkit.NewFunc("re.match", reMatchDoc, []string{"pattern", "string"}, reFind("re.match", anchorStart)),
		"fullmatch": starkit.NewFunc("re.fullmatch", reFullmatchDoc, []string{"pattern", "string"}, reFind("re.fullmatch", anchorBoth)),
		"search":    starkit.NewFunc("re.search", reSearchDoc, []string{"pattern", "string"}, reFind("re.search", anchorNone)),
		"findall":   starkit.NewFunc("re.findall", reFindallDoc, []string{"pattern", "string"}, reFindall),
		"sub":       starkit.NewFunc("re.sub", reSubDoc, []string{"pattern", "repl", "string", "count"}, reSub),
		"split":     starkit.NewFunc("re.split", reSplitDoc, []string{"pattern", "string", "maxsplit"}, reSplit),
		"escape":    starkit.NewFunc("re.escape", reEscapeDoc, []string{"string"}, reEscape),
	}))
}

const (
	reDoc = `re: regular expressions, with Python's function names and results.

Patterns use RE2 syntax (Go's regexp), not Python's: no backreferences
(\1 in a pattern) and no lookaround, but matching always takes linear time.
Flags go inline: (?i) ignore case, (?m) multi-line, (?s) dot matches
newline. Positions (start, end, span) are byte offsets, as in Starlark
string indexing. As in Go, an empty match right after a previous match
is skipped (Python keeps it): re.findall("a*", "baa") is ["", "aa"].

  re.match(pattern, string)             -> match or None (at the start)
  re.fullmatch(pattern, string)         -> match or None (the whole string)
  re.search(pattern, string)            -> match or None (anywhere)
  re.findall(pattern, string)           -> list
  re.sub(pattern, repl, string, count=0) -> string
  re.split(pattern, string, maxsplit=0) -> list
  re.escape(string)                     -> string

A match has .group(n=0, ...), .groups(default=None),
.groupdict(default=None), .start(n=0), .end(n=0), .span(n=0); n is a group
number or name. An unmatched group is None, its start and end -1.`

	reMatchDoc = `re.match(pattern, string)

Returns a match if pattern matches at the start of string, else None.`

	reFullmatchDoc = `re.fullmatch(pattern, string)

Returns a match if pattern matches all of string, else None.`

	reSearchDoc = `re.search(pattern, string)

Returns a match for the first place pattern matches in string, else None.`

	reFindallDoc = `re.findall(pattern, string)

Returns every non-overlapping match, left to right: a list of strings
when pattern has no group (the whole match) or one (that group), a list of
tuples of the groups when it has more. Unmatched groups are "".`

	reSubDoc = `re.sub(pattern, repl, string, count=0)

Returns string with the first count (0: all) non-overlapping matches of
pattern replaced by repl. repl is either a string, in which \1 or \g<1>
stands for a group by number, \g<name> by name, \\ for a backslash and \n,
\t etc. for those characters; or a function called with each match that
returns the replacement string.`

	reSplitDoc = `re.split(pattern, string, maxsplit=0)

Splits string at the matches of pattern, at most maxsplit times (0: no
limit). If pattern has groups, their text (None if unmatched) is included
in the list between the pieces.`

	reEscapeDoc = `re.escape(string)

Returns string with every regular-expression metacharacter escaped, so the
result matches string literally.`
)

// compiledPattern is a pattern as compiled once per process. The anchored
// forms, for match and fullmatch, are compiled on first use.
type compiledPattern struct {
	re       *regexp.Regexp
	anchored func() (*regexp.Regexp, error) // \A(?:pattern)
	full     func() (*regexp.Regexp, error) // \A(?:pattern)\z
}

// patternCacheSize bounds the cache: scripts use few patterns, but one
// that builds patterns in a loop must not grow memory without limit.
const patternCacheSize = 256

var patterns = struct {
	sync.Mutex
	m map[string]*compiledPattern
}{m: make(map[string]*compiledPattern)}

// compilePattern returns pattern compiled, from the cache if it is there.
func compilePattern(pattern string) (*compiledPattern, error) {
	patterns.Lock()
	defer patterns.Unlock()
	if p, ok := patterns.m[pattern]; ok {
		return p, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, patternError(pattern, err)
	}
	p := &compiledPattern{
		re:       re,
		anchored: sync.OnceValues(func() (*regexp.Regexp, error) { return regexp.Compile(`\A(?:` + pattern + `)`) }),
		full:     sync.OnceValues(func() (*regexp.Regexp, error) { return regexp.Compile(`\A(?:` + pattern + `)\z`) }),
	}
	if len(patterns.m) >= patternCacheSize {
		// Evict an arbitrary entry (map order is random): O(1), and a
		// script cycling through more patterns than fit pays only a
		// recompile.
		for k := range patterns.m {
			delete(patterns.m, k)
			break
		}
	}
	patterns.m[pattern] = p
	return p, nil
}

// patternError reports a pattern that does not compile, naming the pattern
// and what is wrong with it, without Go's "error parsing regexp" preamble.
func patternError(pattern string, err error) error {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Errorf("invalid pattern %q: %s: %q", pattern, se.Code, se.Expr)
	}
	return fmt.Errorf("invalid pattern %q: %w", pattern, err)
}

type anchor int

const (
	anchorNone  anchor = iota // search
	anchorStart               // match
	anchorBoth                // fullmatch
)

// reFind implements match, fullmatch and search, which differ only in
// where the pattern is anchored.
func reFind(name string, where anchor) func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var pattern, s string
		if err := starlark.UnpackArgs(name, args, kwargs, "pattern", &pattern, "string", &s); err != nil {
			return nil, err
		}
		p, err := compilePattern(pattern)
		if err != nil {
			return nil, err
		}
		re := p.re
		switch where {
		case anchorStart:
			re, err = p.anchored()
		case anchorBoth:
			re, err = p.full()
		}
		if err != nil {
			return nil, patternError(pattern, err)
		}
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return starlark.None, nil
		}
		return newMatch(p.re, s, loc), nil
	}
}

func reFindall(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern, s string
	if err := starlark.UnpackArgs("re.findall", args, kwargs, "pattern", &pattern, "string", &s); err != nil {
		return nil, err
	}
	p, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	groups := p.re.NumSubexp()
	all := p.re.FindAllStringSubmatchIndex(s, -1)
	out := make([]starlark.Value, len(all))
	for i, loc := range all {
		switch groups {
		case 0:
			out[i] = starlark.String(s[loc[0]:loc[1]])
		case 1:
			out[i] = groupText(s, loc, 1, starlark.String(""))
		default:
			tuple := make(starlark.Tuple, groups)
			for g := range groups {
				tuple[g] = groupText(s, loc, g+1, starlark.String(""))
			}
			out[i] = tuple
		}
	}
	return starlark.NewList(out), nil
}

func reSub(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern, s string
	var repl starlark.Value
	count := 0
	if err := starlark.UnpackArgs("re.sub", args, kwargs, "pattern", &pattern, "repl", &repl, "string", &s, "count?", &count); err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, fmt.Errorf("for parameter count: got %d, want 0 (all) or more", count)
	}
	p, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	replace, err := replacer(thread, p.re, repl)
	if err != nil {
		return nil, err
	}
	n := count
	if n == 0 {
		n = -1
	}
	var b strings.Builder
	last := 0
	for _, loc := range p.re.FindAllStringSubmatchIndex(s, n) {
		b.WriteString(s[last:loc[0]])
		if err := replace(&b, s, loc); err != nil {
			return nil, err
		}
		last = loc[1]
	}
	b.WriteString(s[last:])
	return starlark.String(b.String()), nil
}

// replacer returns what writes the replacement of one match: the expanded
// template when repl is a string, the function's result when it is one.
func replacer(thread *starlark.Thread, re *regexp.Regexp, repl starlark.Value) (func(b *strings.Builder, s string, loc []int) error, error) {
	switch repl := repl.(type) {
	case starlark.String:
		tmpl, err := parseTemplate(string(repl), re)
		if err != nil {
			return nil, fmt.Errorf("for parameter repl: %w", err)
		}
		return func(b *strings.Builder, s string, loc []int) error {
			tmpl.expand(b, s, loc)
			return nil
		}, nil
	case starlark.Callable:
		return func(b *strings.Builder, s string, loc []int) error {
			v, err := starlark.Call(thread, repl, starlark.Tuple{newMatch(re, s, loc)}, nil)
			if err != nil {
				return err
			}
			str, ok := v.(starlark.String)
			if !ok {
				return fmt.Errorf("repl function %s returned %s, want string", repl.Name(), v.Type())
			}
			b.WriteString(string(str))
			return nil
		}, nil
	default:
		return nil, fmt.Errorf("for parameter repl: got %s, want string or function", repl.Type())
	}
}

func reSplit(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern, s string
	maxsplit := 0
	if err := starlark.UnpackArgs("re.split", args, kwargs, "pattern", &pattern, "string", &s, "maxsplit?", &maxsplit); err != nil {
		return nil, err
	}
	if maxsplit < 0 {
		return nil, fmt.Errorf("for parameter maxsplit: got %d, want 0 (no limit) or more", maxsplit)
	}
	p, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	n := maxsplit
	if n == 0 {
		n = -1
	}
	var out []starlark.Value
	last := 0
	for _, loc := range p.re.FindAllStringSubmatchIndex(s, n) {
		out = append(out, starlark.String(s[last:loc[0]]))
		for g := 1; g <= p.re.NumSubexp(); g++ {
			out = append(out, groupText(s, loc, g, starlark.None))
		}
		last = loc[1]
	}
	out = append(out, starlark.String(s[last:]))
	return starlark.NewList(out), nil
}

func reEscape(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackArgs("re.escape", args, kwargs, "string", &s); err != nil {
		return nil, err
	}
	return starlark.String(regexp.QuoteMeta(s)), nil
}

// groupText returns the text of group g of the match loc in s, or
// unmatched if the group took no part in the match.
func groupText(s string, loc []int, g int, unmatched starlark.Value) starlark.Value {
	if loc[2*g] < 0 {
		return unmatched
	}
	return starlark.String(s[loc[2*g]:loc[2*g+1]])
}
