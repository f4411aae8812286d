package repl

import (
	"errors"
	"io"
	"slices"
	"testing"
)

// scriptedLines is a lineReader that plays back lines, then errs (io.EOF
// unless an entry is an error), and records which reads were
// continuations.
type scriptedLines struct {
	items         []any // string or error
	continuations []bool
}

func (s *scriptedLines) ReadLine(continuation bool) (string, error) {
	s.continuations = append(s.continuations, continuation)
	if len(s.items) == 0 {
		return "", io.EOF
	}
	item := s.items[0]
	s.items = s.items[1:]
	if err, ok := item.(error); ok {
		return "", err
	}
	return item.(string), nil
}

// readChunks collects chunks until the reader fails, and that failure
// (io.EOF at a normal end) as the last element's error.
func readChunks(r *chunkReader) (chunks []string, errs []error) {
	for range 100 {
		chunk, err := r.Next()
		if err != nil {
			errs = append(errs, err)
			if err == io.EOF {
				return chunks, errs
			}
			continue
		}
		chunks = append(chunks, chunk)
	}
	panic("chunkReader never reached EOF")
}

func TestChunkReaderAssemblesChunks(t *testing.T) {
	tests := []struct {
		name         string
		lines        []any
		eofEndsChunk bool
		want         []string
		wantErrs     []error
	}{
		{
			name:  "one statement per line",
			lines: []any{"x = 1", "x + 1"},
			want:  []string{"x = 1\n", "x + 1\n"},
		},
		{
			name:  "blank and comment lines are skipped",
			lines: []any{"", "   ", "# note", "x"},
			want:  []string{"x\n"},
		},
		{
			name:  "open bracket continues",
			lines: []any{"fleet.list_robots(", `    location_id="abc",`, ")"},
			want:  []string{"fleet.list_robots(\n    location_id=\"abc\",\n)\n"},
		},
		{
			name:  "triple-quoted string continues",
			lines: []any{`s = """one`, `two"""`, "s"},
			want:  []string{"s = \"\"\"one\ntwo\"\"\"\n", "s\n"},
		},
		{
			name:  "block ends at a blank line",
			lines: []any{"def f(x):", "    return x * 2", "", "f(2)"},
			want:  []string{"def f(x):\n    return x * 2\n", "f(2)\n"},
		},
		{
			name:  "dedented line ends a block and starts the next chunk",
			lines: []any{"for i in range(3):", "    print(i)", "total = 3", "total"},
			want:  []string{"for i in range(3):\n    print(i)\n", "total = 3\n", "total\n"},
		},
		{
			name:  "nested blocks with else",
			lines: []any{"if x:", "    for y in x:", "        pass", "else:", "    pass", ""},
			want:  []string{"if x:\n    for y in x:\n        pass\nelse:\n    pass\n"},
		},
		{
			name:  "syntax error is returned as typed for the host to report",
			lines: []any{"x = )", "y = 2"},
			want:  []string{"x = )\n", "y = 2\n"},
		},
		{
			name:     "EOF inside a block drops it on a terminal",
			lines:    []any{"def f():", "    return 1"},
			wantErrs: []error{io.EOF},
		},
		{
			name:         "EOF inside a block runs it on a pipe",
			lines:        []any{"def f():", "    return 1"},
			eofEndsChunk: true,
			want:         []string{"def f():\n    return 1\n"},
		},
		{
			name:         "EOF inside brackets on a pipe hands the error to the host",
			lines:        []any{"f(1,"},
			eofEndsChunk: true,
			want:         []string{"f(1,\n"},
		},
		{
			name:     "cancel drops the input typed so far",
			lines:    []any{"def f():", "    return 1", errInputCancelled, "x"},
			want:     []string{"x\n"},
			wantErrs: []error{errInputCancelled, io.EOF},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &chunkReader{src: &scriptedLines{items: tt.lines}, eofEndsChunk: tt.eofEndsChunk}
			chunks, errs := readChunks(r)
			if !slices.Equal(chunks, tt.want) {
				t.Errorf("chunks = %q, want %q", chunks, tt.want)
			}
			wantErrs := tt.wantErrs
			if wantErrs == nil {
				wantErrs = []error{io.EOF}
			}
			if !slices.EqualFunc(errs, wantErrs, errors.Is) {
				t.Errorf("errors = %v, want %v", errs, wantErrs)
			}
		})
	}
}

func TestChunkReaderAsksForContinuationLines(t *testing.T) {
	src := &scriptedLines{items: []any{"d = {", `"a": 1,`, "}", "d"}}
	r := &chunkReader{src: src}
	if _, _, err := firstTwo(r); err != nil {
		t.Fatal(err)
	}
	// ">>> " for "d = {", "... " for the next two, ">>> " for "d".
	want := []bool{false, true, true, false}
	if !slices.Equal(src.continuations, want) {
		t.Errorf("continuation reads = %v, want %v", src.continuations, want)
	}
}

func firstTwo(r *chunkReader) (string, string, error) {
	a, err := r.Next()
	if err != nil {
		return "", "", err
	}
	b, err := r.Next()
	return a, b, err
}

// typedRecorder records what the chunk reader says was typed before each
// line is read.
type typedRecorder struct {
	scriptedLines
	r     *chunkReader
	typed []string
}

func (t *typedRecorder) ReadLine(continuation bool) (string, error) {
	t.typed = append(t.typed, t.r.Typed())
	return t.scriptedLines.ReadLine(continuation)
}

func TestChunkReaderTypedShowsEarlierLinesOfTheChunk(t *testing.T) {
	rec := &typedRecorder{scriptedLines: scriptedLines{items: []any{"f(", "1,", ")", "g()"}}}
	rec.r = &chunkReader{src: rec}
	if _, _, err := firstTwo(rec.r); err != nil {
		t.Fatal(err)
	}
	want := []string{"", "f(\n", "f(\n1,\n", ""}
	if !slices.Equal(rec.typed, want) {
		t.Errorf("Typed before each read = %q, want %q", rec.typed, want)
	}
}
