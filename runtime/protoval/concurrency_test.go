package protoval

import (
	"sync"
	"testing"

	"go.starlark.net/starlark"
)

// TestConcurrentReads reads one frozen value from several Starlark threads
// at once, as parallel.map does; run with -race.
func TestConcurrentReads(t *testing.T) {
	shared := NewMessage(kitchen(t, fullKitchen))
	const src = `
out = [json.encode(m), str(m), [i.name for i in m.inners], dict(m.counts), m.config, len(m.by_id)]
`
	var want string
	var wg sync.WaitGroup
	results := make([]string, 8)
	errs := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			globals, err := execScript(src, starlark.StringDict{"m": shared})
			if err != nil {
				errs[i] = err
				return
			}
			results[i] = globals["out"].String()
		}()
	}
	wg.Wait()
	for i, got := range results {
		if errs[i] != nil {
			t.Fatalf("thread %d: %v", i, errs[i])
		}
		if i == 0 {
			want = got
		} else if got != want {
			t.Errorf("thread %d read %s, thread 0 read %s", i, got, want)
		}
	}
}
