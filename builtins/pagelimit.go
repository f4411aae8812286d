package builtins

import (
	"errors"

	"go.starlark.net/starlark"
)

// pageLimitParam declares page_limit for the paged history methods. It is
// also sent as the page size, so a small limit costs one small page.
func pageLimitParam(def int) param {
	return param{name: "page_limit", field: "page_limit", def: starlark.MakeInt(def),
		doc: "Number of entries to return; 0 returns all. Pages of this size are fetched until enough arrived."}
}

// pageLimit reads page_limit: the number of entries wanted, 0 for all. A
// negative limit is refused before any RPC.
func pageLimit(c *call) (int, error) {
	n, _ := c.int("page_limit")
	if n < 0 {
		return 0, errors.New("page_limit: must not be negative")
	}
	return int(n), nil
}
