package repl

import (
	"errors"
	"io"
	"strings"

	"go.starlark.net/syntax"
)

// lineReader yields input one line at a time, without the newline.
// continuation is true for every line of a chunk after its first, so a
// terminal can show "... " instead of ">>> ".
type lineReader interface {
	ReadLine(continuation bool) (string, error)
}

// errInputCancelled is returned by a lineReader when the user cancelled
// the input being typed (Ctrl-C at a prompt).
var errInputCancelled = errors.New("input cancelled")

// assemblyOptions is the most permissive dialect, so that whatever the
// host accepts is assembled as one chunk; the host re-parses the chunk
// with its own options and reports any error.
var assemblyOptions = &syntax.FileOptions{
	Set:               true,
	While:             true,
	TopLevelControl:   true,
	GlobalReassign:    true,
	Recursion:         true,
	LoadBindsGlobally: true,
}

// chunkReader assembles complete Starlark chunks from lines, deciding
// completeness with the Starlark parser itself: a line ending inside
// brackets or a triple-quoted string continues, and a def/if/for/while
// block continues until a blank line or a dedented line. A dedented line
// that ends a block is kept for the next chunk, so piped scripts need no
// blank lines after their blocks.
type chunkReader struct {
	src lineReader
	// eofEndsChunk: at end of input, run what was typed so far (pipes)
	// rather than discard it (Ctrl-D on a terminal).
	eofEndsChunk bool
	pending      []string // lines read ahead of the previous chunk
	eof          bool
	lines        []string // the lines of the chunk being read
}

// Typed returns the lines of the chunk being read so far, each ending in
// a newline: the completer's view of a call opened on an earlier line.
func (c *chunkReader) Typed() string { return joinLines(c.lines) }

// Next returns the source of the next non-blank chunk, ending in a
// newline. A chunk with a syntax error is returned as typed, so that the
// host reports the error in its usual format. Errors are io.EOF at the end
// of input and errInputCancelled when the user cancelled the input.
func (c *chunkReader) Next() (string, error) {
	for {
		chunk, err := c.next()
		if err != nil || chunk != "" {
			return chunk, err
		}
	}
}

// next returns one chunk, which is "" for a blank or comment line.
func (c *chunkReader) next() (string, error) {
	if c.eof && len(c.pending) == 0 {
		return "", io.EOF
	}
	var readErr error
	read := func() ([]byte, error) {
		if len(c.pending) > 0 {
			line := c.pending[0]
			c.pending = c.pending[1:]
			c.lines = append(c.lines, line)
			return []byte(line + "\n"), nil
		}
		if c.eof {
			return nil, nil // the scanner treats no bytes as end of file
		}
		line, err := c.src.ReadLine(len(c.lines) > 0)
		if err != nil {
			if err == io.EOF {
				c.eof = true
				if c.eofEndsChunk {
					return nil, nil
				}
			}
			readErr = err
			return nil, err
		}
		c.lines = append(c.lines, line)
		return []byte(line + "\n"), nil
	}
	f, parseErr := assemblyOptions.ParseCompoundStmt("<stdin>", read)
	lines := c.lines
	c.lines = nil // the chunk owns them now; Typed sees a fresh chunk
	switch {
	case readErr != nil:
		// io.EOF before a chunk was complete, or a cancelled input:
		// either way the partial input is dropped.
		return "", readErr
	case parseErr != nil:
		return joinLines(lines), nil
	}
	if len(f.Stmts) == 0 {
		return "", nil // a blank or comment line
	}
	used := chunkLines(f, len(lines))
	c.pending = append(lines[used:], c.pending...)
	return joinLines(lines[:used]), nil
}

// chunkLines returns how many of the n lines read belong to the parsed
// statements: the parser may have read one line beyond a block to see
// that it ended.
func chunkLines(f *syntax.File, n int) int {
	_, end := f.Stmts[len(f.Stmts)-1].Span()
	return min(int(end.Line), n)
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
