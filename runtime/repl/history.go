package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// defaultHistoryName is the history file in the user's home directory.
const defaultHistoryName = ".fleetscript_history"

// secretAssignment matches a string literal bound to a name that sounds
// like a credential, in any of the forms a user would type it:
//
//	api_key = "..."        key="..."  (keyword argument)
//	{"secret": "..."}      access_token = r'...'
//	d["api_key"] = "..."
//
// The rule is deliberately broad (any name containing key, secret, token,
// password, passwd or credential, so also key_id and monkey): a chunk
// wrongly left out of history costs a little typing, a secret written to
// disk cannot be taken back.
var secretAssignment = regexp.MustCompile(
	`(?i)(key|secret|token|password|passwd|credential)[a-z0-9_]*["']?\]?\s*[:=]\s*[rb]{0,2}["']`)

// historyFilter decides which chunks may be remembered.
type historyFilter struct {
	secrets []string
}

// allows reports whether chunk may be written to history: it contains none
// of the known secrets and does not look like it assigns one.
func (f historyFilter) allows(chunk string) bool {
	for _, s := range f.secrets {
		if s != "" && strings.Contains(chunk, s) {
			return false
		}
	}
	return !secretAssignment.MatchString(chunk)
}

// historyPath resolves Options.HistoryFile: "" is the default file in the
// home directory, DisableHistory is none (""). The file is created
// readable by its owner only, since readline would create it 0666.
func historyPath(configured string) (string, error) {
	path := configured
	switch path {
	case DisableHistory:
		return "", nil
	case "":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("history file: %w", err)
		}
		path = filepath.Join(home, defaultHistoryName)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("history file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("history file: %w", err)
	}
	return path, nil
}
