package repl

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func TestPipeMode(t *testing.T) {
	tests := []struct {
		name       string
		stdin      string
		wantStdout string
		wantStderr string
		wantErr    error
	}{
		{
			name:       "results printed with repr, None and statements print nothing",
			stdin:      "x = 'a'\nx\nNone\n[x, 1]\nprint(x)\n",
			wantStdout: "\"a\"\n[\"a\", 1]\na\n",
		},
		{
			name:       "blocks need no blank line, and _ holds the last result",
			stdin:      "def double(n):\n    return n * 2\ndouble(21)\n_ + 1\nfor i in range(2):\n    print(i)\n_\n",
			wantStdout: "42\n43\n0\n1\n43\n",
		},
		{
			name:       "an error is printed on stderr and the run goes on",
			stdin:      "1 // 0\nundefined_name\n'still here'\nx = )\n",
			wantStdout: "\"still here\"\n",
			wantStderr: "error: floored division by zero\n" +
				"error: <stdin>:1:1: undefined: undefined_name\n" +
				"error: <stdin>:1:5: unexpected ')'\n",
			wantErr: ErrFailed,
		},
		{
			name:       "help() and the NAME? shortcut",
			stdin:      "help(fleet.list_robots)\nfleet.list_robots?\nmachine.name ?\nnope?\nfleet.list_robots()?\n",
			wantStdout: "fleet.list_robots(...) is a fake method.\nfleet.list_robots(...) is a fake method.\nstring value\n",
			wantStderr: "nope?: not defined (or not known without a call; try help(nope))\n" +
				"fleet.list_robots()?: want a name or attribute path such as fleet.list_robots?\n",
			wantErr: ErrFailed,
		},
		{
			name:       "long results are not truncated on a pipe",
			stdin:      "'x' * 5000\n",
			wantStdout: `"` + strings.Repeat("x", 5000) + "\"\n",
		},
		{
			name:       "last line without a newline",
			stdin:      "1 + 1",
			wantStdout: "2\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := Run(t.Context(), newFakeHost(&stdout), Options{
				Stdin: strings.NewReader(tt.stdin), Stdout: &stdout, Stderr: &stderr,
				Mode: ModePipe, interrupts: make(chan os.Signal), FormatError: testFormatError,
			})
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("Run error = %v, want %v", err, tt.wantErr)
			}
			if stdout.String() != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.wantStdout)
			}
			if stderr.String() != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

// testFormatError shows that Run prints errors through Options.FormatError.
func testFormatError(err error) string { return "error: " + err.Error() }

func TestPipeModeCountsFailures(t *testing.T) {
	err := Run(t.Context(), newFakeHost(new(bytes.Buffer)), Options{
		Stdin: strings.NewReader("1\nfail('a')\n2\nfail('b')\n"), Stdout: new(bytes.Buffer), Stderr: new(bytes.Buffer),
		Mode: ModePipe, interrupts: make(chan os.Signal),
	})
	if err == nil || err.Error() != "2 of 4 chunks: input failed" {
		t.Errorf("Run error = %v, want 2 of 4 chunks failed", err)
	}
}

func TestPipeModeCtrlCStopsTheRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	host := newFakeHost(&stdout)
	interrupts := make(chan os.Signal)
	go func() {
		<-host.started // fleet.slow() is blocked on its context
		interrupts <- os.Interrupt
	}()
	err := Run(t.Context(), host, Options{
		Stdin: strings.NewReader("fleet.slow()\n'not reached'\n"), Stdout: &stdout, Stderr: &stderr,
		Mode: ModePipe, interrupts: interrupts, FormatError: testFormatError,
	})
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("Run error = %v, want ErrInterrupted", err)
	}
	if got := stdout.String(); got != "slow: started\n" {
		t.Errorf("stdout = %q; want only the slow call's start", got)
	}
	if got := stderr.String(); got != "error: interrupted\n" {
		t.Errorf("stderr = %q, want %q", got, "error: interrupted\n")
	}
}

func TestPipeModeCtrlCWhileWaitingForInput(t *testing.T) {
	stdin, feed := io.Pipe()
	defer feed.Close()
	interrupts := make(chan os.Signal, 1)
	interrupts <- os.Interrupt
	err := Run(t.Context(), newFakeHost(io.Discard), Options{
		Stdin: stdin, Stdout: io.Discard, Stderr: io.Discard, Mode: ModePipe, interrupts: interrupts,
	})
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("Run error = %v, want ErrInterrupted", err)
	}
}
