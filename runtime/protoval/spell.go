package protoval

import "github.com/fleetscript/fleetscript/internal/spell"

// didYouMean formats a hint for x among candidates: ` (did you mean "y"?)`,
// or "" when nothing is close. It backs the hints for unknown keys, fields
// and enum names.
func didYouMean(x string, candidates []string) string {
	if n := spell.Nearest(x, candidates); n != "" {
		return ` (did you mean "` + n + `"?)`
	}
	return ""
}
