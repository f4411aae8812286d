package repl

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/fleetscript/fleetscript/runtime"
)

// The pty tests run the REPL in a child process (this test binary, with
// helperEnv set) whose controlling terminal is a pseudo-terminal, so that
// Ctrl-C reaches it as a real SIGINT, exactly as for a user.
const (
	helperEnv        = "FLEETSCRIPT_REPL_TEST_HELPER"
	helperHistoryEnv = "FLEETSCRIPT_REPL_TEST_HISTORY"
	helperSecretEnv  = "FLEETSCRIPT_REPL_TEST_SECRET"
)

func TestMain(m *testing.M) {
	if kind := os.Getenv(helperEnv); kind != "" {
		os.Exit(runHelper(kind))
	}
	os.Exit(m.Run())
}

// runHelper is the child process: the REPL on its own stdio, against the
// fake host or a real runtime.Host whose fleet is the fake one.
func runHelper(kind string) int {
	fake := newFakeHost(os.Stdout)
	var host Host = fake
	if kind == "runtime" {
		rt, err := runtime.New(runtime.Options{Fleet: fake.globals["fleet"], Stdout: os.Stdout, Stderr: os.Stderr, Interactive: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer rt.Close()
		host = rt
	}
	err := Run(context.Background(), host, Options{
		HistoryFile: os.Getenv(helperHistoryEnv),
		Secrets:     []string{os.Getenv(helperSecretEnv)},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// ptySession drives a REPL process through its terminal.
type ptySession struct {
	t    *testing.T
	tty  *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	seen int // output up to here has been matched by expect
	done chan struct{}

	exited  chan struct{} // closed when the process has exited
	exitErr error         // its Wait error, once exited is closed
}

// expectWithin bounds how long expect waits for output before failing the
// test; it is a hang guard, not a timing assertion.
const expectWithin = 30 * time.Second

// startREPL starts the REPL against host "fake" or "runtime".
func startREPL(t *testing.T, host string, env ...string) *ptySession {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append([]string{helperEnv + "=" + host, "TERM=xterm"}, env...)...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		t.Fatalf("start REPL on a pty: %v", err)
	}
	s := &ptySession{t: t, tty: tty, cmd: cmd, done: make(chan struct{}), exited: make(chan struct{})}
	go func() { // the one Wait: wait() and the cleanup both read its result
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	go func() {
		defer close(s.done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
		tty.Close()
	})
	return s
}

// expect waits until the output since the last match contains want.
func (s *ptySession) expect(want string) {
	s.t.Helper()
	deadline := time.Now().Add(expectWithin)
	for {
		s.mu.Lock()
		rest := s.out.String()[s.seen:]
		if i := strings.Index(rest, want); i >= 0 {
			s.seen += i + len(want)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			s.t.Fatalf("REPL output never showed %q; it showed:\n%q", want, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *ptySession) send(keys string) {
	s.t.Helper()
	if _, err := s.tty.WriteString(keys); err != nil {
		s.t.Fatalf("type %q: %v", keys, err)
	}
}

// wait waits for the REPL to exit and returns its exit error.
func (s *ptySession) wait() error {
	s.t.Helper()
	select {
	case <-s.exited:
		return s.exitErr
	case <-time.After(expectWithin):
		s.t.Fatal("REPL did not exit")
		return nil
	}
}

func TestTerminalSession(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history")
	const secret = "k3y-s3cr3t-f00"
	s := startREPL(t, "fake", helperHistoryEnv+"="+history, helperSecretEnv+"="+secret)
	s.expect(">>> ")

	// Tab completes a fleet method, with its parenthesis.
	s.send("fleet.list_lo\t")
	s.expect("fleet.list_locations(")
	s.send(")\r")
	s.expect(`[{"id": "loc-1", "name": "Lab"}]`)
	s.expect(">>> ")

	// Keyword names of the method being called.
	s.send("fleet.list_robots(loc\t")
	s.expect("location_id=")
	s.send("'loc-1')\r")
	s.expect("[]")
	s.expect(">>> ")

	// help() and the last result in _.
	s.send("help(fleet.list_robots)\r")
	s.expect("fleet.list_robots(...) is a fake method.")
	s.send("6 * 7\r")
	s.expect("42")
	s.send("_ + 1\r")
	s.expect("43")

	// Long values are shown truncated, with a note on how to see them.
	s.send("'ab' * 3000\r")
	s.expect("... (truncated: 1 of 1 lines, 4000 of 6002 characters shown; print(_) shows it all)")
	s.expect(">>> ")

	// A multi-line block with the continuation prompt.
	s.send("def twice(n):\r")
	s.expect("... ")
	s.send("    return 2 * n\r")
	s.expect("... ")
	s.send("\r")
	s.expect(">>> ")
	s.send("twice(4)\r")
	s.expect("8")

	// Errors go to stderr and the session goes on.
	s.send("1 // 0\r")
	s.expect("floored division by zero")
	s.expect(">>> ")

	// Input carrying a secret is run but not remembered.
	s.send("token = '" + secret + "'\r")
	s.expect(">>> ")
	s.send("api_key = 'abc'\r")
	s.expect(">>> ")

	// Ctrl-C at the prompt drops the line being typed.
	s.send("this is not run")
	s.send("\x03")
	s.expect("^C")
	s.expect(">>> ")

	// Ctrl-C during a call cancels it and returns to the prompt.
	s.send("fleet.slow()\r")
	s.expect("slow: started")
	s.send("\x03")
	s.expect("interrupted")
	s.expect(">>> ")
	s.send("'still alive'\r")
	s.expect(`"still alive"`)
	s.expect(">>> ")

	// Ctrl-D at an empty prompt exits 0.
	s.send("\x04")
	if err := s.wait(); err != nil {
		t.Fatalf("REPL exit: %v", err)
	}

	data, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{"fleet.list_locations()\n", "def twice(n):\n", "    return 2 * n\n", "_ + 1\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("history lacks %q:\n%s", want, got)
		}
	}
	for _, never := range []string{secret, "abc", "this is not run"} {
		if strings.Contains(got, never) {
			t.Errorf("history holds %q:\n%s", never, got)
		}
	}
}

// TestTerminalSessionOnRuntimeHost runs the REPL against the real host:
// its help(), its "_", its error format and its cancellation.
func TestTerminalSessionOnRuntimeHost(t *testing.T) {
	s := startREPL(t, "runtime", helperHistoryEnv+"="+DisableHistory)
	s.expect(">>> ")

	s.send("fleet.list_lo\t")
	s.expect("fleet.list_locations(")
	s.send(")\r")
	s.expect(`[{"id": "loc-1", "name": "Lab"}]`)
	s.send("_[0]['na\t")
	s.expect(`_[0]['name']`)
	s.send("\r")
	s.expect(`"Lab"`)

	s.send("json.dec\t")
	s.expect("json.decode(")
	s.send("'[1, 2]')\r")
	s.expect("[1, 2]")

	s.send("help(fleet.get_robot_part)\r")
	s.expect("fleet.get_robot_part(...) is a fake method.")

	s.send("fleet.nope()\r")
	s.expect("has no .nope field or method")
	s.expect(">>> ")

	s.send("fleet.slow()\r")
	s.expect("slow: started")
	s.send("\x03")
	s.expect("interrupted")
	s.expect(">>> ")
	s.send("1 + 1\r")
	s.expect("2")
	s.expect(">>> ") // a Ctrl-D typed before the prompt can be lost with the cooked line

	s.send("\x04")
	if err := s.wait(); err != nil {
		t.Fatalf("REPL exit: %v", err)
	}
}
