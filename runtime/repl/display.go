package repl

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A result longer than this is shown truncated on a terminal: a fleet
// listing can run to thousands of lines, which would bury the prompt.
const (
	maxDisplayLines = 40
	maxDisplayBytes = 4000
)

// truncateDisplay returns text cut to maxDisplayLines lines and
// maxDisplayBytes bytes (at a rune boundary) followed by a note that says
// how much was left out and how to see it, or text itself when it fits.
func truncateDisplay(text string) string {
	cut := len(text)
	if i := nthIndex(text, '\n', maxDisplayLines); i >= 0 && i < cut {
		cut = i
	}
	if cut > maxDisplayBytes {
		cut = maxDisplayBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	if cut == len(text) {
		return text
	}
	shown := text[:cut]
	return fmt.Sprintf("%s\n... (truncated: %d of %d lines, %d of %d characters shown; print(_) shows it all)",
		shown, lineCount(shown), lineCount(text), utf8.RuneCountInString(shown), utf8.RuneCountInString(text))
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// nthIndex returns the index of the nth occurrence of b in s, or -1.
func nthIndex(s string, b byte, n int) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			n--
			if n == 0 {
				return i
			}
		}
	}
	return -1
}
