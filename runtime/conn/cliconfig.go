package conn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// cliConfig is the part of the Viam CLI's cached_cli_config.json we use.
// `auth` holds either an API key (key_id, key_crypto) or a user login
// (access_token, expires_at, ...); see API.md §9.
type cliConfig struct {
	BaseURL string `json:"base_url"`
	Auth    struct {
		KeyID       string    `json:"key_id"`
		KeyCrypto   string    `json:"key_crypto"`
		AccessToken string    `json:"access_token"`
		ExpiresAt   time.Time `json:"expires_at"`
	} `json:"auth"`
	DefaultOrg      string `json:"default_org"`
	DefaultLocation string `json:"default_location"`
}

// cliConfigPath is where the Viam CLI saves its login: cfg.ViamHome, else
// $VIAM_HOME, else ~/.viam; a profile (VIAM_CLI_PROFILE_NAME) has its own
// file, as in the CLI.
func cliConfigPath(cfg Config) (string, error) {
	dir := cfg.ViamHome
	if dir == "" {
		dir = cfg.Getenv("VIAM_HOME")
	}
	if dir == "" {
		home := cfg.Getenv("HOME")
		if home == "" {
			var err error
			if home, err = os.UserHomeDir(); err != nil {
				return "", err
			}
		}
		dir = filepath.Join(home, ".viam")
	}
	name := "cached_cli_config.json"
	if profile := cfg.Getenv("VIAM_CLI_PROFILE_NAME"); profile != "" {
		name = profile + "_" + name
	}
	return filepath.Join(dir, name), nil
}

// readCLIConfig returns the saved login, or nil when there is none.
func readCLIConfig(path string) (*cliConfig, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read viam login: %w", err)
	}
	var c cliConfig
	if err := json.Unmarshal(data, &c); err != nil {
		// encoding/json names offsets, types and fields, never string
		// values, so the secrets in the file stay out of the message.
		return nil, configErrorf("viam login %s cannot be read (%v); run `viam login` again", path, err)
	}
	return &c, nil
}
