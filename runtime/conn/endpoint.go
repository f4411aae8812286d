package conn

import (
	"net"
	"net/netip"
	"strings"
)

// DefaultAppURL is Viam's cloud endpoint.
const DefaultAppURL = "app.viam.com:443"

// endpoint is a parsed --app-url.
type endpoint struct {
	host      string // without port, for TLS server name and loopback checks
	addr      string // host:port to dial
	plaintext bool   // http:// on a loopback host
}

// String is the canonical form used in messages and to compare with a saved
// login's base_url.
func (e endpoint) String() string {
	if e.plaintext {
		return "http://" + e.addr
	}
	return "https://" + e.addr
}

// parseAppURL accepts host, host:port, https://host[:port] and
// http://host[:port]. Without a port https means 443 and http 8080 (as the
// Viam CLI does). http is plaintext, so it is refused unless the host is a
// loopback address: credentials must never cross a network unencrypted.
func parseAppURL(raw string) (endpoint, error) {
	if raw == "" {
		raw = DefaultAppURL
	}
	rest, plaintext, port := raw, false, "443"
	switch {
	case strings.HasPrefix(raw, "https://"):
		rest = strings.TrimPrefix(raw, "https://")
	case strings.HasPrefix(raw, "http://"):
		rest, plaintext, port = strings.TrimPrefix(raw, "http://"), true, "8080"
	case strings.Contains(raw, "://"):
		return endpoint{}, configErrorf("--app-url %q: unsupported scheme (want https://, http:// for loopback, or host:port)", raw)
	}
	rest = strings.TrimSuffix(rest, "/")
	if strings.ContainsAny(rest, "/?#@ ") {
		return endpoint{}, configErrorf("--app-url %q: want host[:port] without a path", raw)
	}
	host, p, err := net.SplitHostPort(rest)
	if err != nil {
		// No port (or a bare IPv6 address): the whole rest is the host.
		host = strings.TrimSuffix(strings.TrimPrefix(rest, "["), "]")
	} else {
		port = p
	}
	if host == "" {
		return endpoint{}, configErrorf("--app-url %q: missing host", raw)
	}
	if plaintext && !IsLoopback(host) {
		return endpoint{}, configErrorf("--app-url %q: plaintext http:// is only allowed for loopback hosts (localhost, 127.0.0.1, ::1); use https://", raw)
	}
	return endpoint{host: host, addr: net.JoinHostPort(host, port), plaintext: plaintext}, nil
}

// IsLoopback reports whether host (a name or an IP address, without a
// port) is this machine: the only place plaintext may reach, for the
// --app-url a client dials and the address `serve` listens on alike.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
