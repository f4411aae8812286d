package localfleet

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// A page token is the position after the last entry of a page (its time and
// row id), so the next page continues with an index seek rather than an
// offset scan. It is opaque to clients: base64 of "<kind>:<time>:<id>".
type pageToken struct {
	time int64
	id   int64
}

func (t pageToken) encode(kind string) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s:%d:%d", kind, t.time, t.id))
}

func decodePageToken(kind, s string) (pageToken, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, invalidArgf("page_token: %q is not a token this server issued", s)
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != kind {
		return pageToken{}, invalidArgf("page_token: %q is not a token this server issued for this call", s)
	}
	t, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return pageToken{}, invalidArgf("page_token: %q is not a token this server issued", s)
	}
	return pageToken{time: t, id: id}, nil
}
