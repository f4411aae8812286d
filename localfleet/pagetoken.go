package localfleet

import (
	"encoding/base64"
	"fmt"
	"math"
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

// defaultHistoryPage is the page size of the history calls
// (GetRobotPartHistory, GetFragmentHistory) when the request sets no
// page_limit, or 0 as the Go SDK sends.
const defaultHistoryPage = 100

// historyPage reads the paging of a history call, whose entries are listed
// newest first by row id: the page size, and the row id the page starts
// below (the one after the previous page's last entry, or the top).
func historyPage(kind string, limit int64, token string) (size, before int64, err error) {
	if limit < 0 {
		return 0, 0, invalidArgf("page_limit: must not be negative, got %d", limit)
	}
	if limit == 0 {
		limit = defaultHistoryPage
	}
	if token == "" {
		return limit, math.MaxInt64, nil
	}
	tok, err := decodePageToken(kind, token)
	if err != nil {
		return 0, 0, err
	}
	return limit, tok.id, nil
}
