package repl

import "strings"

// tokenKind classifies the tokens of the text before the cursor. The
// completer needs far less than the Starlark scanner gives (and must cope
// with unfinished input), so it has its own small lexer.
type tokenKind int

const (
	tokIdent      tokenKind = iota
	tokNumber               // an integer literal (an index)
	tokString               // a complete string literal; value holds its text
	tokOpenString           // a string still open at the cursor; value holds what is typed so far
	tokComment              // a comment running to the cursor
	tokDot
	tokComma
	tokAssign // a single "=" (keyword argument)
	tokOpen   // ( [ {
	tokClose  // ) ] }
	tokOther
)

type token struct {
	kind    tokenKind
	text    string // source text; for brackets the bracket itself
	value   string // string literals: the contents, when escaped is false
	escaped bool   // string literals: the contents have escapes (not decoded)
	quote   string // string literals: the opening quote (" ' """ ''')
	end     int    // byte offset just past the token
}

// lex splits src into tokens. It never fails: whatever it cannot classify
// becomes tokOther.
func lex(src string) []token {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\':
			i++
			continue
		case c == '#':
			i = len(src)
			if nl := strings.IndexByte(src[start:], '\n'); nl >= 0 {
				i = start + nl
			}
			toks = append(toks, token{kind: tokComment, text: src[start:i], end: i})
			continue
		case isIdentStart(c):
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			if i < len(src) && isQuote(src[i]) && isStringPrefix(src[start:i]) {
				tok := lexString(src, i)
				toks = append(toks, tok)
				i = tok.end
				continue
			}
			toks = append(toks, token{kind: tokIdent, text: src[start:i], end: i})
			continue
		case c >= '0' && c <= '9':
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			toks = append(toks, token{kind: tokNumber, text: src[start:i], end: i})
			continue
		case isQuote(c):
			tok := lexString(src, i)
			toks = append(toks, tok)
			i = tok.end
			continue
		}
		kind := tokOther
		switch c {
		case '.':
			kind = tokDot
		case ',':
			kind = tokComma
		case '(', '[', '{':
			kind = tokOpen
		case ')', ']', '}':
			kind = tokClose
		case '=':
			kind = tokAssign
			if i+1 < len(src) && src[i+1] == '=' {
				kind, i = tokOther, i+1
			}
		case '!', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^':
			if i+1 < len(src) && src[i+1] == '=' {
				i++ // augmented assignment or comparison, not a keyword
			}
		}
		i++
		toks = append(toks, token{kind: kind, text: src[start:i], end: i})
	}
	return toks
}

// lexString scans the string literal whose opening quote is at src[at].
func lexString(src string, at int) token {
	quote := src[at : at+1]
	if strings.HasPrefix(src[at:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	body := at + len(quote)
	escaped := false
	for i := body; i < len(src); i++ {
		switch {
		case src[i] == '\\':
			escaped = true
			i++ // skip the escaped byte
		case strings.HasPrefix(src[i:], quote):
			return token{kind: tokString, text: src[at : i+len(quote)], value: src[body:i],
				escaped: escaped, quote: quote, end: i + len(quote)}
		case src[i] == '\n' && len(quote) == 1:
			return token{kind: tokOther, text: src[at:i], end: i} // an unterminated one-line string
		}
	}
	return token{kind: tokOpenString, text: src[at:], value: src[body:], escaped: escaped, quote: quote, end: len(src)}
}

func isQuote(c byte) bool { return c == '"' || c == '\'' }
func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}
func isIdentPart(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' }

// isStringPrefix reports whether p may prefix a string literal (r"...", b'...').
func isStringPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "r", "b", "rb", "br":
		return true
	}
	return false
}
