package protoval

import "testing"

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
