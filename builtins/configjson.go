package builtins

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	appv1 "go.viam.com/api/app/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// configJSON returns a GetRobotPart response's config as the Python SDK
// writes it: json.dumps(json.loads(config_json), indent=indent), i.e. key
// order kept, ": " between key and value, one element per line, non-ASCII
// escaped, and no trailing newline.
func configJSON(resp protoreflect.Message, indent int) ([]byte, error) {
	r, ok := resp.Interface().(*appv1.GetRobotPartResponse)
	if !ok {
		return nil, fmt.Errorf("unexpected response %s", resp.Descriptor().FullName())
	}
	raw := []byte(r.GetConfigJson())
	if len(bytes.TrimSpace(raw)) == 0 {
		// No stored JSON text: fall back to the config Struct (keys sorted).
		cfg := r.GetPart().GetRobotConfig()
		if cfg == nil {
			return nil, errors.New("the part has no config")
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cfg.AsMap()); err != nil {
			return nil, fmt.Errorf("encode config: %w", err)
		}
		raw = buf.Bytes()
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(raw), "", strings.Repeat(" ", indent)); err != nil {
		return nil, fmt.Errorf("config_json is not valid JSON: %w", err)
	}
	return asciiEscape(out.Bytes()), nil
}

// asciiEscape escapes non-ASCII characters as \uXXXX (surrogate pairs
// beyond the BMP), as Python's json.dumps does by default. In valid JSON
// non-ASCII bytes occur only inside strings, so no parsing is needed.
func asciiEscape(b []byte) []byte {
	i := bytes.IndexFunc(b, func(r rune) bool { return r >= utf8.RuneSelf })
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for _, r := range string(b[i:]) {
		switch {
		case r < utf8.RuneSelf:
			out = append(out, byte(r))
		case r > 0xFFFF:
			r -= 0x10000
			out = fmt.Appendf(out, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
	}
	return out
}
