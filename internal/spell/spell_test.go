package spell

import "testing"

func TestNearest(t *testing.T) {
	tests := []struct {
		name       string
		x          string
		candidates []string
		want       string
	}{
		{"transposition", "nmae", []string{"name", "role"}, "name"},
		{"deletion", "rol", []string{"name", "role"}, "role"},
		{"insertion", "roles", []string{"name", "role"}, "role"},
		{"missing letter", "resouce_id", []string{"resource_type", "resource_id"}, "resource_id"},
		{"case and underscores ignored", "ResourceType", []string{"resource_type", "resource_id"}, "resource_type"},
		{"camel case", "lastAccess", []string{"last_access", "name"}, "last_access"},
		{"underscore dropped", "robotid", []string{"robot_id", "robot_part_id"}, "robot_id"},
		{"plural", "robot_ids", []string{"robot_id", "robot_part_id"}, "robot_id"},
		{"closest wins", "locaton_id", []string{"org_id", "location_id"}, "location_id"},
		{"exact", "name", []string{"name", "names"}, "name"},
		{"nothing close", "zzzz", []string{"name", "role"}, ""},
		{"too short to guess", "x", []string{"id", "name"}, ""},
		{"empty", "", []string{"name"}, ""},
		{"no candidates", "name", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Nearest(tt.x, tt.candidates); got != tt.want {
				t.Errorf("Nearest(%q, %q) = %q, want %q", tt.x, tt.candidates, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
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
		{"ca", "abc", 3}, // optimal string alignment: a swapped pair is not edited again
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
