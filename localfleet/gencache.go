package localfleet

import "sync"

// generation is the locking discipline of the fleet's read caches (authCache,
// robotCache): entries are read under mu and loaded from the database
// outside it, so that a slow load blocks no other call. invalidate empties
// the cache and bumps the generation; a load that started before an
// invalidation then finds the generation changed and does not store what it
// read, which may already be stale.
type generation struct {
	mu  sync.Mutex
	gen uint64
}

// invalidate bumps the generation and runs clearAll (which empties the
// cache's maps) under the lock.
func (g *generation) invalidate(clearAll func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	clearAll()
}

// cachedOrLoad returns m[key] if present. On a miss it calls load without
// the lock; when load finds the entry (found) and no invalidation happened
// meanwhile, store records it under the lock. Entries load does not find
// are not cached: keys come from requests, and absent ones would grow the
// cache without bound.
func cachedOrLoad[K comparable, V any](g *generation, m map[K]V, key K, load func() (v V, found bool, err error), store func(V)) (V, bool, error) {
	g.mu.Lock()
	v, ok := m[key]
	gen := g.gen
	g.mu.Unlock()
	if ok {
		return v, true, nil
	}
	v, found, err := load()
	if err != nil || !found {
		return v, found, err
	}
	g.mu.Lock()
	if g.gen == gen {
		store(v)
	}
	g.mu.Unlock()
	return v, true, nil
}
