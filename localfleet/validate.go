package localfleet

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Request validation. Messages name the request field, so that a person
// calling through any client knows which argument to fix.

const maxNameLen = 128

// validateName accepts a human-readable name: non-empty, no surrounding
// spaces, no control characters, at most maxNameLen runes.
func validateName(name string) error {
	switch {
	case name == "":
		return errors.New("must not be empty")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("%q has leading or trailing spaces", name)
	case len([]rune(name)) > maxNameLen:
		return fmt.Errorf("is longer than %d characters", maxNameLen)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Errorf("%q contains a control character", name)
		}
	}
	return nil
}

func checkName(field, name string) error {
	if err := validateName(name); err != nil {
		return invalidArgf("%s: %v", field, err)
	}
	return nil
}

// isUUID reports whether s is a canonical, lowercase or uppercase, UUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

func isHex(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// checkUUID validates an id field whose values are UUIDs (organizations,
// machines, parts, users, keys, fragments, secrets).
func checkUUID(field, kind, id string) error {
	if id == "" {
		return invalidArgf("%s: a %s id is required", field, kind)
	}
	if !isUUID(id) {
		return invalidArgf("%s: %q is not a valid %s id (want a UUID such as 9b6e2c1a-4f0e-4d7a-8a55-0c3b1f2d4e6f)", field, id, kind)
	}
	return nil
}

// checkLocationID validates a location id: 10 lowercase letters or digits.
func checkLocationID(field, id string) error {
	if id == "" {
		return invalidArgf("%s: a location id is required", field)
	}
	if !isLocationID(id) {
		return invalidArgf("%s: %q is not a valid location id (want 10 lowercase letters or digits such as 0a1bcdefgi)", field, id)
	}
	return nil
}

func isLocationID(id string) bool {
	if len(id) != 10 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkNamespace validates a public namespace: lowercase letters, digits and
// dashes, not starting or ending with a dash.
func checkNamespace(field, ns string) error {
	if ns == "" {
		return invalidArgf("%s: a namespace is required", field)
	}
	for _, c := range ns {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return invalidArgf("%s: %q may only contain lowercase letters, digits and dashes", field, ns)
		}
	}
	if strings.HasPrefix(ns, "-") || strings.HasSuffix(ns, "-") || len(ns) > 63 {
		return invalidArgf("%s: %q must not start or end with a dash and must be at most 63 characters", field, ns)
	}
	return nil
}

// checkEmail does the light check a server can do: something@something.
func checkEmail(field, email string) error {
	at := strings.IndexByte(email, '@')
	if email == "" || at <= 0 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n") {
		return invalidArgf("%s: %q is not an email address", field, email)
	}
	return nil
}

// dnsLabel turns a name into the lowercase letters, digits and dashes a DNS
// label may hold, as Viam does for part fqdns.
func dnsLabel(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// checkEnum refuses the unspecified value and numbers the enum lacks.
func checkEnum(field string, e protoreflect.Enum) error {
	ed := e.Descriptor()
	if e.Number() == 0 || ed.Values().ByNumber(e.Number()) == nil {
		var names []string
		for i := 1; i < ed.Values().Len(); i++ {
			names = append(names, string(ed.Values().Get(i).Name()))
		}
		return invalidArgf("%s: want one of %v, got %v", field, names, e.Number())
	}
	return nil
}

// checkEnums is checkEnum for each value of a list.
func checkEnums[E protoreflect.Enum](field string, vs []E) error {
	for i, v := range vs {
		if err := checkEnum(fmt.Sprintf("%s[%d]", field, i), v); err != nil {
			return err
		}
	}
	return nil
}
