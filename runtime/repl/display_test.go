package repl

import (
	"strings"
	"testing"
)

func TestTruncateDisplay(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("line")
		}
		return b.String()
	}
	tests := []struct {
		name string
		text string
		want string
	}{
		{"short", "[1, 2, 3]", "[1, 2, 3]"},
		{"exactly the line limit", lines(40), lines(40)},
		{"too many lines", lines(41),
			lines(40) + "\n... (truncated: 40 of 41 lines, 199 of 204 characters shown; print(_) shows it all)"},
		{"exactly the byte limit", strings.Repeat("x", 4000), strings.Repeat("x", 4000)},
		{"one long line", strings.Repeat("x", 4001),
			strings.Repeat("x", 4000) + "\n... (truncated: 1 of 1 lines, 4000 of 4001 characters shown; print(_) shows it all)"},
		{"cut at a rune boundary", strings.Repeat("x", 3999) + "éé",
			strings.Repeat("x", 3999) + "\n... (truncated: 1 of 1 lines, 3999 of 4001 characters shown; print(_) shows it all)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncateDisplay(tt.text); got != tt.want {
				t.Errorf("truncateDisplay = %q\nwant %q", tail(got), tail(tt.want))
			}
		})
	}
}

// tail keeps failure messages readable.
func tail(s string) string {
	if len(s) > 120 {
		return "..." + s[len(s)-120:]
	}
	return s
}
