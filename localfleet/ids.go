package localfleet

import (
	"crypto/rand"
	"encoding/hex"
	mathrand "math/rand/v2"
	"sync"
)

// idSource makes the identifiers and secrets the fleet hands out. In
// deterministic mode it draws from a seeded generator so that ids are the
// same on every run; otherwise from crypto/rand.
type idSource struct {
	mu  sync.Mutex
	rng *mathrand.ChaCha8 // nil = crypto/rand
}

func newIDSource(deterministic bool, seed int64) *idSource {
	if !deterministic {
		return &idSource{}
	}
	var key [32]byte
	for i := range 8 {
		key[i] = byte(uint64(seed) >> (8 * i))
	}
	return &idSource{rng: mathrand.NewChaCha8(key)}
}

func (s *idSource) fill(b []byte) {
	if s.rng == nil {
		_, _ = rand.Read(b) // crypto/rand.Read never fails (it panics on a broken system).
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.rng.Read(b) // ChaCha8.Read never fails.
}

// UUID returns a random (version 4) UUID in its canonical text form.
func (s *idSource) UUID() string {
	var b [16]byte
	s.fill(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// LocationID returns a 10-character lowercase alphanumeric id, the shape
// Viam gives locations (it appears in part fqdns).
func (s *idSource) LocationID() string { return s.alnum(10) }

// Secret returns a 32-character alphanumeric secret (about 165 bits).
func (s *idSource) Secret() string { return s.alnum(32) }

func (s *idSource) alnum(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n)
	for len(out) < n {
		s.fill(buf)
		for _, c := range buf {
			// Reject the top 4 values so that every character is equally likely.
			if c < 252 && len(out) < n {
				out = append(out, lowerAlnum[int(c)%len(lowerAlnum)])
			}
		}
	}
	return string(out)
}

// Bytes returns n random bytes.
func (s *idSource) Bytes(n int) []byte {
	b := make([]byte, n)
	s.fill(b)
	return b
}
