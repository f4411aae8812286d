package localfleet

import "testing"

func TestCachedOrLoad(t *testing.T) {
	var g generation
	m := map[string]int{}
	store := func(k string) func(int) { return func(v int) { m[k] = v } }
	loads := 0
	load := func(v int, found bool) func() (int, bool, error) {
		return func() (int, bool, error) { loads++; return v, found, nil }
	}

	if v, ok, err := cachedOrLoad(&g, m, "a", load(1, true), store("a")); v != 1 || !ok || err != nil {
		t.Fatalf("first load = %d, %v, %v", v, ok, err)
	}
	if v, ok, _ := cachedOrLoad(&g, m, "a", load(2, true), store("a")); v != 1 || !ok || loads != 1 {
		t.Fatalf("second call = %d, %v after %d loads; want the cached 1 after 1 load", v, ok, loads)
	}

	if _, ok, _ := cachedOrLoad(&g, m, "absent", load(0, false), store("absent")); ok {
		t.Fatal("an absent entry was reported found")
	}
	if _, cached := m["absent"]; cached {
		t.Fatal("an absent entry was cached")
	}

	// A load that an invalidation overtakes returns what it read but does
	// not store it.
	raced := func() (int, bool, error) {
		g.invalidate(func() { clear(m) })
		return 3, true, nil
	}
	if v, ok, _ := cachedOrLoad(&g, m, "b", raced, store("b")); v != 3 || !ok {
		t.Fatalf("raced load = %d, %v", v, ok)
	}
	if len(m) != 0 {
		t.Fatalf("after a raced load the cache holds %v, want nothing", m)
	}
}
