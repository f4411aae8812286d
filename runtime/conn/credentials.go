package conn

import (
	"fmt"
	"time"
)

// expirySlack counts a saved user token as expired a little early, as the
// Viam CLI does, so it does not lapse in flight.
const expirySlack = 10 * time.Second

// credentials is what authenticates us, and where it came from.
type credentials struct {
	source string // for messages; never secret

	// An API key, exchanged for a token with AuthService.Authenticate...
	keyID, key string
	// ...or a user access token from `viam login`, sent as it is.
	accessToken string

	// From the saved login only.
	baseURL, org, location string
}

// now is the clock for token expiry; tests replace it.
var now = time.Now

// findCredentials returns the first credentials found, in order: the
// --api-key-id/--api-key flags, VIAM_API_KEY_ID/VIAM_API_KEY, the Viam CLI's
// saved login. Half a key pair is an error rather than a fall-through, so
// a typo never silently selects another identity.
func findCredentials(cfg Config) (*credentials, error) {
	if c, err := keyPair("flags", "--api-key-id", cfg.APIKeyID, "--api-key", cfg.APIKey); c != nil || err != nil {
		return c, err
	}
	if c, err := keyPair("environment", "VIAM_API_KEY_ID", cfg.Getenv("VIAM_API_KEY_ID"), "VIAM_API_KEY", cfg.Getenv("VIAM_API_KEY")); c != nil || err != nil {
		return c, err
	}
	path, err := cliConfigPath(cfg)
	if err != nil {
		return nil, ErrNoCredentials
	}
	saved, err := readCLIConfig(path)
	if err != nil {
		return nil, err
	}
	if saved == nil {
		return nil, ErrNoCredentials
	}
	c := &credentials{
		source:   fmt.Sprintf("viam login (%s)", path),
		baseURL:  saved.BaseURL,
		org:      saved.DefaultOrg,
		location: saved.DefaultLocation,
	}
	switch a := saved.Auth; {
	case a.KeyID != "" && a.KeyCrypto != "":
		c.keyID, c.key = a.KeyID, a.KeyCrypto
	case a.AccessToken != "":
		if !a.ExpiresAt.IsZero() && now().Add(expirySlack).After(a.ExpiresAt) {
			return nil, configErrorf("the saved viam login in %s expired at %s; run `viam login` again",
				path, a.ExpiresAt.UTC().Format(time.RFC3339))
		}
		c.accessToken = a.AccessToken
	default:
		return nil, ErrNoCredentials
	}
	return c, nil
}

// keyPair returns an API key when both halves are set, nil when neither
// is, and an error naming the missing half otherwise.
func keyPair(source, idName, id, keyName, key string) (*credentials, error) {
	switch {
	case id == "" && key == "":
		return nil, nil
	case id == "":
		return nil, configErrorf("%s is set but %s is not: give both", keyName, idName)
	case key == "":
		return nil, configErrorf("%s is set but %s is not: give both", idName, keyName)
	}
	return &credentials{source: source, keyID: id, key: key}, nil
}
