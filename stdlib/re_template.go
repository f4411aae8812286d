package stdlib

// Python replacement templates for re.sub.

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// template is a parsed Python replacement string: literal text and group
// references, in order.
type template []templatePart

type templatePart struct {
	literal string
	group   int // -1 for a literal
}

func (t template) expand(b *strings.Builder, s string, loc []int) {
	for _, part := range t {
		if part.group < 0 {
			b.WriteString(part.literal)
		} else if loc[2*part.group] >= 0 {
			// An unmatched group expands to "" (as in Python 3.5+).
			b.WriteString(s[loc[2*part.group]:loc[2*part.group+1]])
		}
	}
}

// templateEscapes are the character escapes Python accepts in a repl.
var templateEscapes = map[byte]byte{
	'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\',
}

// parseTemplate parses a Python replacement string (\1, \g<1>, \g<name>,
// \n, \\) against re's groups. Unlike Go's ${1} templates, a $ is plain.
func parseTemplate(repl string, re *regexp.Regexp) (template, error) {
	var tmpl template
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			tmpl = append(tmpl, templatePart{literal: lit.String(), group: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' {
			lit.WriteByte(c)
			continue
		}
		i++
		if i == len(repl) {
			return nil, errors.New(`bad escape: "\" at the end`)
		}
		c = repl[i]
		switch {
		case c == 'g':
			end := strings.IndexByte(repl[i:], '>')
			if i+1 >= len(repl) || repl[i+1] != '<' || end < 0 {
				return nil, fmt.Errorf(`bad group reference at %d: want \g<name> or \g<number>`, i-1)
			}
			ref := repl[i+2 : i+end]
			g, err := groupIndex(re, ref)
			if err != nil {
				return nil, err
			}
			flush()
			tmpl = append(tmpl, templatePart{group: g})
			i += end
		case c == '0':
			// \0 starts an octal escape (up to three digits), as in Python.
			j := i + 1
			for j < len(repl) && j < i+3 && repl[j] >= '0' && repl[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(repl[i:j], 8, 8)
			lit.WriteByte(byte(v))
			i = j - 1
		case c >= '1' && c <= '9':
			j := i + 1
			if j < len(repl) && repl[j] >= '0' && repl[j] <= '9' {
				j++
			}
			g, err := groupIndex(re, repl[i:j])
			if err != nil {
				return nil, err
			}
			flush()
			tmpl = append(tmpl, templatePart{group: g})
			i = j - 1
		case templateEscapes[c] != 0:
			lit.WriteByte(templateEscapes[c])
		case c < 0x80 && (c|0x20 >= 'a' && c|0x20 <= 'z'):
			return nil, fmt.Errorf(`bad escape \%c`, c)
		default:
			// Python keeps other escapes as they are: \. stays \.
			lit.WriteByte('\\')
			lit.WriteByte(c)
		}
	}
	flush()
	return tmpl, nil
}

// groupIndex resolves a group reference, a number or a name, in re.
func groupIndex(re *regexp.Regexp, ref string) (int, error) {
	if n, err := strconv.Atoi(ref); err == nil {
		if n < 0 || n > re.NumSubexp() {
			return 0, fmt.Errorf("invalid group reference %d: the pattern has %d group(s)", n, re.NumSubexp())
		}
		return n, nil
	}
	if g := re.SubexpIndex(ref); ref != "" && g >= 0 {
		return g, nil
	}
	return 0, fmt.Errorf("unknown group name %q", ref)
}
