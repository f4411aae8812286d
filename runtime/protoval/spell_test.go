package protoval

import "testing"

func TestNearest(t *testing.T) {
	fields := []string{"name", "role", "resource_type", "resource_id", "last_access"}
	tests := []struct{ x, want string }{
		{"nmae", "name"},  // transposition
		{"rol", "role"},   // deletion
		{"roles", "role"}, // insertion
		{"resouce_id", "resource_id"},
		{"ResourceType", "resource_type"}, // case and underscores ignored
		{"lastAccess", "last_access"},
		{"name", "name"},
		{"zzzz", ""}, // nothing close
		{"x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.x, fields); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"ab", "ba", 1},
		{"abcd", "acbd", 1},
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestUpperSnake(t *testing.T) {
	tests := map[string]string{
		"OnlineState":        "ONLINE_STATE",
		"FragmentVisibility": "FRAGMENT_VISIBILITY",
		"State":              "STATE",
		"HTTPMethod":         "HTTP_METHOD",
	}
	for in, want := range tests {
		if got := upperSnake(in); got != want {
			t.Errorf("upperSnake(%q) = %q, want %q", in, got, want)
		}
	}
}
