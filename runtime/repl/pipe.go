package repl

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// runPipe runs every chunk read from stdin, printing results without
// prompts. A failing chunk does not stop the run (a fleet operator piping
// a list of changes wants the rest applied and the failures listed), but
// the run then returns an error wrapping ErrFailed so the command exits 1.
// Ctrl-C stops the run with ErrInterrupted.
func runPipe(ctx context.Context, ev *evaluator, stdin io.Reader, interrupts <-chan os.Signal) error {
	lines, stop := readLines(stdin)
	defer stop()
	chunks := &chunkReader{
		src:          &pipeLines{ctx: ctx, lines: lines, interrupts: interrupts},
		eofEndsChunk: true,
	}
	total, failures := 0, 0
	for {
		chunk, err := chunks.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		total++
		switch ev.exec(ctx, chunk, interrupts) {
		case failed:
			failures++
		case interrupted:
			return ErrInterrupted
		}
	}
	if failures > 0 {
		return failedError(failures, total)
	}
	return nil
}

// line is one line of input, or the error that ended the input.
type line struct {
	text string
	err  error
}

// readLines reads r line by line on a goroutine, so that a run waiting for
// input can still be interrupted. stop releases the goroutine once it is
// not blocked in a read.
func readLines(r io.Reader) (lines <-chan line, stop func()) {
	ch := make(chan line)
	done := make(chan struct{})
	go func() {
		defer close(ch)
		br := bufio.NewReader(r)
		for {
			text, err := br.ReadString('\n')
			if text == "" && err != nil {
				if err != io.EOF {
					err = fmt.Errorf("read stdin: %w", err)
				}
				select {
				case ch <- line{err: err}:
				case <-done:
				}
				return
			}
			text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
			select {
			case ch <- line{text: text}:
			case <-done:
				return
			}
		}
	}()
	return ch, func() { close(done) }
}

// pipeLines is the lineReader of pipe mode.
type pipeLines struct {
	ctx        context.Context
	lines      <-chan line
	interrupts <-chan os.Signal
}

func (p *pipeLines) ReadLine(bool) (string, error) {
	select {
	case l, ok := <-p.lines:
		if !ok {
			return "", io.EOF
		}
		return l.text, l.err
	case <-p.interrupts:
		return "", ErrInterrupted
	case <-p.ctx.Done():
		return "", p.ctx.Err()
	}
}
