package main

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"fleetscript": func() { os.Exit(Main(os.Args[1:])) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// built command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Never read the developer's own Viam login.
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("VIAM_HOME", filepath.Join(env.WorkDir, ".viam"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"waitfile":  cmdWaitFile,
			"serve":     cmdServe,
			"stopserve": cmdStopServe,
		},
	})
}

// cmdExits runs `exits CODE PROGRAM ARGS...`: PROGRAM must exit with exactly
// CODE; its stdout and stderr are kept for the next assertions.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		got = exitErr.ExitCode()
	} else if err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdWaitFile waits until the file exists: a background command's sign that
// it got somewhere.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile FILE")
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not appear within a minute", args[0])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// server is a background `fleetscript serve` of one test script.
type server struct {
	cmd     *exec.Cmd
	done    chan error
	stopped bool // stopserve waited for it

	mu     sync.Mutex
	stderr []string // appended by the reader goroutine
}

func (s *server) addLine(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stderr = append(s.stderr, line)
}

// lines returns what the server printed so far.
func (s *server) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.stderr...)
}

// cmdServe starts `fleetscript serve --listen 127.0.0.1:PORT ARGS...` in the
// background, waits until it listens, and sets $PORT, and, when it printed
// a new owner key, $KEY_ID and $KEY.
func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! serve")
	}
	port := freePort(ts)
	cmd := exec.Command(lookPath(ts, "fleetscript"), append([]string{"serve", "--listen", "127.0.0.1:" + port}, args...)...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = environ(ts)
	pipe, err := cmd.StderrPipe()
	ts.Check(err)
	ts.Check(cmd.Start())
	srv := &server{cmd: cmd, done: make(chan error, 1)}
	ts.Defer(func() {
		if !srv.stopped {
			srv.cmd.Process.Kill()
			<-srv.done
		}
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			srv.addLine(line)
			if !signalled && strings.Contains(line, "listening on") {
				ready <- true
				signalled = true
			}
		}
		if !signalled {
			ready <- false
		}
		srv.done <- cmd.Wait()
	}()
	select {
	case ok := <-ready:
		if !ok {
			<-srv.done
			ts.Fatalf("serve exited before listening:\n%s", strings.Join(srv.lines(), "\n"))
		}
	case <-time.After(time.Minute):
		ts.Fatalf("serve did not start listening within a minute")
	}
	ts.Setenv("PORT", port)
	for _, line := range srv.lines() {
		if v, ok := strings.CutPrefix(line, "VIAM_API_KEY_ID="); ok {
			ts.Setenv("KEY_ID", v)
		} else if v, ok := strings.CutPrefix(line, "VIAM_API_KEY="); ok {
			ts.Setenv("KEY", v)
		}
	}
	ts.Logf("serve:\n%s", strings.Join(srv.lines(), "\n"))
	serversMu.Lock()
	servers[ts] = srv
	serversMu.Unlock()
}

// servers tracks the background server of each running script (scripts
// run in parallel).
var (
	serversMu sync.Mutex
	servers   = map[*testscript.TestScript]*server{}
)

// cmdStopServe sends SIGTERM to the background server, waits for it, and
// checks that it exited 0; its stderr becomes the command's stdout.
func cmdStopServe(ts *testscript.TestScript, neg bool, args []string) {
	serversMu.Lock()
	srv := servers[ts]
	delete(servers, ts)
	serversMu.Unlock()
	if srv == nil {
		ts.Fatalf("stopserve: no server started")
	}
	ts.Check(srv.cmd.Process.Signal(syscall.SIGTERM))
	err := <-srv.done
	srv.stopped = true
	ts.Stdout().Write([]byte(strings.Join(srv.lines(), "\n") + "\n"))
	if err != nil {
		ts.Fatalf("serve exited with %v", err)
	}
}

// lookPath finds name on the script's $PATH, where testscript put the
// command under test.
func lookPath(ts *testscript.TestScript, name string) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	ts.Fatalf("%s not on $PATH", name)
	return ""
}

func freePort(ts *testscript.TestScript) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// environ is the script's environment for a subprocess.
func environ(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "VIAM_HOME", "TMPDIR"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}
