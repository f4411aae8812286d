// Package conn opens the connection a script's fleet calls go through: the
// in-process local fleet (--local), or an AppService endpoint such as
// app.viam.com reached over TLS with Viam's API-key flow.
//
// Whatever the endpoint, the returned Conn.CC puts `authorization: Bearer`
// on every call, authenticates again once when a call fails Unauthenticated
// (streams too, as long as nothing was received yet), and retries reads
// (see isRead) with capped exponential backoff when the server is
// Unavailable. Writes are never retried.
//
// Secrets (API keys, access tokens) never appear in an error this package
// returns.
package conn

import (
	"context"
	"errors"
	"fmt"
	"os"

	"google.golang.org/grpc"

	"github.com/fleetscript/fleetscript/localfleet"
)

// ErrNoCredentials means neither --local nor any credentials were given;
// the command exits 2.
var ErrNoCredentials = errors.New("no credentials: use --local for the built-in local fleet, " +
	"or give an API key with --api-key-id/--api-key, the VIAM_API_KEY_ID/VIAM_API_KEY environment variables, " +
	"or a saved `viam login`")

// ErrConfig marks a configuration the user must fix (a malformed --app-url,
// half an API key, an expired saved login, ...); the command exits 2.
var ErrConfig = errors.New("connection configuration")

// configError wraps a message so that errors.Is(err, ErrConfig) holds while
// the message stays the user's own words.
type configError struct{ msg string }

func (e *configError) Error() string        { return e.msg }
func (e *configError) Is(target error) bool { return target == ErrConfig }

func configErrorf(format string, args ...any) error {
	return &configError{msg: fmt.Sprintf(format, args...)}
}

// Config says which fleet to reach and with which credentials.
type Config struct {
	// Local selects the in-process local fleet; LocalData persists it in a
	// SQLite file ("" = in memory); Fixture seeds a new database (nil = the
	// demo fixture); Deterministic makes ids and clocks byte-stable.
	Local         bool
	LocalData     string
	Fixture       *localfleet.Fixture
	Deterministic bool

	// AppURL is host:port, https://host[:port] or, for loopback hosts
	// only, http://host[:port] (plaintext). "" = app.viam.com:443, or the
	// saved login's base_url when that login supplies the credentials.
	AppURL string
	// APIKeyID and APIKey are the --api-key-id/--api-key flags.
	APIKeyID, APIKey string

	// OrgID and LocationID are --org/--location; they win over the saved
	// login's defaults.
	OrgID, LocationID string

	// Getenv reads the environment; nil = os.Getenv (tests inject).
	Getenv func(string) string
	// ViamHome is the Viam CLI's directory; "" = $VIAM_HOME or ~/.viam.
	ViamHome string
}

// Conn is an open connection.
type Conn struct {
	// CC carries auth (Bearer token, renewed on Unauthenticated) and read
	// retries.
	CC grpc.ClientConnInterface
	// OrgID and LocationID are the defaults found: the flags, else the
	// saved login's default_org/default_location; "" = none.
	OrgID, LocationID string
	// Source says where the credentials came from ("--local", "flags",
	// "environment", "viam login (PATH)"), for diagnostics. Never secret.
	Source string

	closers []func() error
}

// Open connects as cfg says. The context bounds only the opening; the
// connection lives until Close.
func Open(ctx context.Context, cfg Config) (*Conn, error) {
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.Local {
		return openLocal(ctx, cfg)
	}
	return openRemote(cfg)
}

// Close ends the connection and, for a local fleet, stops the server and
// closes its database.
func (c *Conn) Close() error {
	var errs []error
	for i := len(c.closers) - 1; i >= 0; i-- {
		if err := c.closers[i](); err != nil {
			errs = append(errs, err)
		}
	}
	c.closers = nil
	return errors.Join(errs...)
}
