package stdlib_test

import "testing"

// The expected values are what Python's re module returns for the same
// calls, except where Go and Python differ (noted).
func TestRe(t *testing.T) {
	se := newScriptEnv(t)
	runSnippets(t, se, []snippetCase{
		// match, fullmatch, search
		{name: "match at start", src: `result = re.match(r"\d+", "123abc").group()`, want: `"123"`},
		{name: "match not at start", src: `result = re.match(r"\d+", "abc123")`, want: `None`},
		{name: "match alternation anchored", src: `result = re.match("b|a", "ab").group()`, want: `"a"`},
		{name: "match alternation not anchored", src: `result = re.match("x|b", "ab")`, want: `None`},
		{name: "search", src: `result = re.search(r"\d+", "abc123def45").span()`, want: `(3, 6)`},
		{name: "search none", src: `result = re.search(r"\d", "abc")`, want: `None`},
		{name: "fullmatch", src: `result = [re.fullmatch("a|ab", s) != None for s in ["a", "ab", "abc"]]`, want: `[True, True, False]`},
		{name: "keyword args", src: `result = re.search(pattern="b", string="abc").start()`, want: `1`},
		{name: "inline flag", src: `result = re.match("(?i)hello", "HeLLo world").group(0)`, want: `"HeLLo"`},
		{name: "match repr", src: `result = str(re.search("b+", "abbbc"))`, want: `"<re.Match object; span=(1, 4), match=\"bbb\">"`},
		{name: "match truth", src: `result = bool(re.match("", "x"))`, want: `True`},

		// the match value
		{name: "groups", src: `result = re.match(r"(\w+)@(\w+)(\.com)?", "ann@example").groups()`, want: `("ann", "example", None)`},
		{name: "groups default", src: `result = re.match(r"(a)(b)?", "a").groups("-")`, want: `("a", "-")`},
		{name: "group by name", src: `result = re.match(r"(?P<user>\w+)@(?P<host>\w+)", "ann@example").group("host")`, want: `"example"`},
		{name: "group several", src: `result = re.match(r"(a)(b)", "ab").group(0, 2, 1)`, want: `("ab", "b", "a")`},
		{name: "groupdict", src: `result = re.match(r"(?P<k>\w+)=(?P<v>\d+)?", "x=").groupdict()`, want: `{"k": "x", "v": None}`},
		{name: "unmatched group positions", src: "m = re.match(r\"(a)|(b)\", \"b\")\nresult = (m.start(1), m.end(1), m.span(2), m.group(1))", want: `(-1, -1, (0, 1), None)`},
		{name: "start end by name", src: "m = re.search(r\"(?P<n>\\d+)\", \"ab12\")\nresult = (m.start(\"n\"), m.end(n=\"n\"))", want: `(2, 4)`},
		{name: "byte offsets", src: `result = re.search("é", "aé").span()`, want: `(1, 3)`},
		{name: "dir of match", src: `result = dir(re.match("a", "a"))`, want: `["end", "group", "groupdict", "groups", "span", "start"]`},
		{name: "no such group", src: `re.match("(a)", "a").group(2)`, wantErr: `re.Match.group: no such group 2: the pattern has 1 group(s)`},
		{name: "no such group name", src: `re.match("(a)", "a").start("x")`, wantErr: `re.Match.start: no such group "x"`},
		{name: "bad group type", src: `re.match("(a)", "a").span(1.5)`, wantErr: `re.Match.span: group reference: got float, want int or string`},
		{name: "match unhashable", src: `{re.match("a", "a"): 1}`, wantErr: `unhashable`},

		// findall
		{name: "findall no group", src: `result = re.findall(r"\d+", "a1b22c333")`, want: `["1", "22", "333"]`},
		{name: "findall one group", src: `result = re.findall(r"(\w)=\d", "a=1 b=2")`, want: `["a", "b"]`},
		{name: "findall groups", src: `result = re.findall(r"(\w)=(\d)?", "a=1 b=")`, want: `[("a", "1"), ("b", "")]`},
		{name: "findall none", src: `result = re.findall("x", "abc")`, want: `[]`},
		// Python also finds the empty match after "aa"; Go skips it.
		{name: "findall empty matches", src: `result = re.findall("a*", "baa")`, want: `["", "aa"]`},

		// sub
		{name: "sub all", src: `result = re.sub(r"\s+", " ", "a  b \t c")`, want: `"a b c"`},
		{name: "sub count", src: `result = re.sub("a", "x", "aaaa", count=2)`, want: `"xxaa"`},
		{name: "sub count positional", src: `result = re.sub("a", "x", "aaaa", 1)`, want: `"xaaa"`},
		{name: "sub backrefs", src: `result = re.sub(r"(\w+)@(\w+)", r"\2 at \1", "ann@example")`, want: `"example at ann"`},
		{name: "sub g number", src: `result = re.sub(r"(\d)", r"\g<1>0", "1 2")`, want: `"10 20"`},
		{name: "sub g zero", src: `result = re.sub("b+", r"[\g<0>]", "abbc")`, want: `"a[bb]c"`},
		{name: "sub g name", src: `result = re.sub(r"(?P<d>\d)", r"<\g<d>>", "a1")`, want: `"a<1>"`},
		{name: "sub two digit group", src: `result = re.sub("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", r"\10", "abcdefghij")`, want: `"j"`},
		{name: "sub escapes", src: `result = re.sub("-", r"\n\t\\", "a-b")`, want: `"a\n\t\\b"`},
		{name: "sub octal", src: `result = re.sub("-", r"\0", "a-b")`, want: `"a\x00b"`},
		{name: "sub kept escape", src: `result = re.sub("-", r"\.", "a-b")`, want: `"a\\.b"`},
		{name: "sub dollar is plain", src: `result = re.sub("(a)", "$1${1}", "a")`, want: `"$1${1}"`},
		{name: "sub unmatched group", src: `result = re.sub("(a)|(b)", r"[\1\2]", "ab")`, want: `"[a][b]"`},
		{name: "sub function", src: `result = re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1b20")`, want: `"a2b40"`},
		{name: "sub function with groups", src: "def up(m):\n    return m.group(1).upper()\nresult = re.sub(r\"_(\\w)\", up, \"snake_case_name\")", want: `"snakeCaseName"`},
		{name: "sub empty matches", src: `result = re.sub("x*", "-", "abc")`, want: `"-a-b-c-"`},
		{name: "sub bad group ref", src: `re.sub("(a)", r"\2", "a")`, wantErr: `re.sub: for parameter repl: invalid group reference 2: the pattern has 1 group(s)`},
		{name: "sub bad group name", src: `re.sub("(a)", r"\g<x>", "a")`, wantErr: `re.sub: for parameter repl: unknown group name "x"`},
		{name: "sub negative group", src: `re.sub("(a)", r"\g<-1>", "a")`, wantErr: `re.sub: for parameter repl: invalid group reference -1`},
		{name: "sub bad g syntax", src: `re.sub("(a)", r"\g1", "a")`, wantErr: `re.sub: for parameter repl: bad group reference at 0`},
		{name: "sub bad escape", src: `re.sub("a", r"\q", "a")`, wantErr: `re.sub: for parameter repl: bad escape \q`},
		{name: "sub trailing backslash", src: `re.sub("a", "\\", "a")`, wantErr: `re.sub: for parameter repl: bad escape`},
		{name: "sub function bad result", src: `re.sub("a", lambda m: 1, "a")`, wantErr: `re.sub: repl function lambda returned int, want string`},
		{name: "sub function fails", src: `re.sub("a", lambda m: fail("boom"), "a")`, wantErr: `boom`},
		{name: "sub bad repl type", src: `re.sub("a", 1, "a")`, wantErr: `re.sub: for parameter repl: got int, want string or function`},
		{name: "sub negative count", src: `re.sub("a", "b", "a", count=-1)`, wantErr: `re.sub: for parameter count: got -1`},

		// split
		{name: "split", src: `result = re.split(r",\s*", "a, b,c")`, want: `["a", "b", "c"]`},
		{name: "split maxsplit", src: `result = re.split(",", "a,b,c", maxsplit=1)`, want: `["a", "b,c"]`},
		{name: "split groups", src: `result = re.split(r"(,)|(;)", "a,b;c")`, want: `["a", ",", None, "b", None, ";", "c"]`},
		{name: "split no match", src: `result = re.split("x", "abc")`, want: `["abc"]`},
		{name: "split word boundary", src: `result = re.split(r"\b", "a b")`, want: `["", "a", " ", "b", ""]`},
		{name: "split edges", src: `result = re.split(",", ",a,")`, want: `["", "a", ""]`},

		// escape
		{name: "escape", src: `result = re.escape("1.5*[x]")`, want: `"1\\.5\\*\\[x\\]"`},
		{name: "escape round trip", src: `result = re.fullmatch(re.escape("a+b?(c)"), "a+b?(c)") != None`, want: `True`},

		// bad input
		{name: "bad pattern", src: `re.search("(", "x")`, wantErr: `re.search: invalid pattern "(": missing closing ): "("`},
		{name: "bad pattern match", src: `re.match("a)", "x")`, wantErr: `re.match: invalid pattern "a)": unexpected ): "a)"`},
		{name: "backreference is RE2-invalid", src: `re.findall(r"(a)\1", "aa")`, wantErr: `re.findall: invalid pattern "(a)\\1": invalid escape sequence: "\\1"`},
		{name: "bad pattern in sub", src: `re.sub("[", "", "x")`, wantErr: `re.sub: invalid pattern "["`},
		{name: "bad pattern in split", src: `re.split("*", "x")`, wantErr: `re.split: invalid pattern "*": missing argument to repetition operator`},
		{name: "pattern not a string", src: `re.match(1, "x")`, wantErr: `re.match: for parameter pattern: got int, want string`},
		{name: "string not a string", src: `re.search("a", None)`, wantErr: `re.search: for parameter string: got NoneType, want string`},
		{name: "missing string", src: `re.findall("a")`, wantErr: `re.findall: missing argument for string`},
	})
}
