// Package spell finds the likely intended name behind a misspelt one, for
// the "did you mean" hints of argument, key, field and enum errors.
package spell

import (
	"strings"
	"unicode"
)

// Nearest returns the candidate closest to x by edit distance, ignoring
// case and underscores, or "" when none is close enough to be a plausible
// typo (fewer than half of x's letters wrong).
func Nearest(x string, candidates []string) string {
	fx := fold(x)
	best := ""
	bestDist := (len(fx) + 1) / 2
	for _, c := range candidates {
		if d := Distance(fx, fold(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// fold lower-cases s and drops underscores, so "lastAccess",
// "last_access" and "LAST_ACCESS" all compare equal.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// Distance is the optimal-string-alignment distance between a and b:
// Levenshtein plus adjacent transpositions ("nmae" is one edit from
// "name"), over bytes since the names compared are ASCII.
func Distance(a, b string) int {
	prev2 := make([]int, len(b)+1) // row i-2
	prev := make([]int, len(b)+1)  // row i-1
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
