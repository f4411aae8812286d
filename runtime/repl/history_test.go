package repl

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHistoryFilter(t *testing.T) {
	f := historyFilter{secrets: []string{"s3cr3t-key-value", ""}}
	tests := []struct {
		chunk string
		allow bool
	}{
		{"fleet.list_locations()\n", true},
		{"keys = d.keys()\n", true},
		{"key == \"x\"\n", true},
		{"fleet.create_key(authorizations=[a], name=\"ci\")\n", true},
		{"fleet.rotate_key(id=key_id)\n", true},
		{"password = input_var\n", true},
		// A known secret, anywhere.
		{"x = \"s3cr3t-key-value\"\n", false},
		{"print('s3cr3t-key-value')\n", false},
		// Literal assignments to names that sound like credentials.
		{"api_key = \"abc\"\n", false},
		{"API_KEY='abc'\n", false},
		{"fleet.use(key=\"abc\")\n", false},
		{"creds = {\"key_id\": \"abc\", \"key\": \"def\"}\n", false},
		{"d[\"api_key\"] = \"abc\"\n", false},
		{"access_token = r'abc'\n", false},
		{"cfg = dict(\n    secret = \"abc\",\n)\n", false},
		{"location_secret: \"abc\"\n", false},
		{"my_password=\"\"\"abc\"\"\"\n", false},
	}
	for _, tt := range tests {
		if got := f.allows(tt.chunk); got != tt.allow {
			t.Errorf("allows(%q) = %v, want %v", tt.chunk, got, tt.allow)
		}
	}
}

func TestHistoryPath(t *testing.T) {
	t.Run("disabled", func(t *testing.T) {
		path, err := historyPath(DisableHistory)
		if path != "" || err != nil {
			t.Errorf("historyPath(%q) = %q, %v; want no file", DisableHistory, path, err)
		}
	})
	t.Run("default is in the home directory, owner-only", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("HOME", home)
		path, err := historyPath("")
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(home, ".fleetscript_history"); path != want {
			t.Errorf("path = %q, want %q", path, want)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("history file mode = %v, want 0600", perm)
		}
	})
	t.Run("existing file is kept", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hist")
		if err := os.WriteFile(path, []byte("x = 1\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := historyPath(path); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(path); string(data) != "x = 1\n" {
			t.Errorf("history file = %q, want it unchanged", data)
		}
	})
	t.Run("unwritable place is an error naming the history file", func(t *testing.T) {
		_, err := historyPath(filepath.Join(t.TempDir(), "missing", "hist"))
		if err == nil {
			t.Fatal("historyPath in a missing directory succeeded")
		}
	})
}
