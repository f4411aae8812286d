package golden

import (
	"context"
	"fmt"
	"io"
)

// Summary counts the outcomes of a run.
type Summary struct {
	Passed, Failed, Updated int
}

// Run checks every test, printing one line per test on w (and the diff of
// each mismatch). It stops early only when ctx is done.
func Run(ctx context.Context, tests []string, opts Options, w io.Writer) (Summary, error) {
	var s Summary
	for _, t := range tests {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		out, err := Check(ctx, t, opts)
		switch {
		case err != nil:
			s.Failed++
			fmt.Fprintf(w, "FAIL %s: %v\n", t, err)
		case out.Status == Mismatch:
			s.Failed++
			fmt.Fprintf(w, "FAIL %s\n%s", t, out.Diff)
		case out.Status == Updated:
			s.Updated++
			fmt.Fprintf(w, "updated %s\n", t)
		default:
			s.Passed++
			fmt.Fprintf(w, "ok   %s\n", t)
		}
	}
	return s, nil
}

func (s Summary) String() string {
	if s.Updated > 0 {
		return fmt.Sprintf("%d updated, %d failed", s.Updated, s.Failed)
	}
	return fmt.Sprintf("%d passed, %d failed", s.Passed, s.Failed)
}
