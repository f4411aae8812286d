package stdlib

import (
	"fmt"
	"testing"
)

// TestRePatternCacheBounded: a script that builds many distinct patterns
// keeps getting correct results while the cache stays within its bound.
func TestRePatternCacheBounded(t *testing.T) {
	for i := range 3 * patternCacheSize {
		pattern := fmt.Sprintf("x%d", i)
		p, err := compilePattern(pattern)
		if err != nil {
			t.Fatal(err)
		}
		if p.re.String() != pattern {
			t.Fatalf("compilePattern(%q) returned %q", pattern, p.re)
		}
		again, _ := compilePattern(pattern)
		if again != p {
			t.Fatalf("compilePattern(%q) did not reuse the cached pattern", pattern)
		}
	}
	patterns.Lock()
	n := len(patterns.m)
	patterns.Unlock()
	if n > patternCacheSize {
		t.Errorf("pattern cache holds %d entries, want at most %d", n, patternCacheSize)
	}
}
