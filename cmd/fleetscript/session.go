package main

import (
	"context"
	"os"
	"time"

	"github.com/fleetscript/fleetscript/builtins"
	"github.com/fleetscript/fleetscript/localfleet"
	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/conn"
)

// sessionFlags are the flags of run and repl: which fleet, which files,
// which limits.
type sessionFlags struct {
	local     bool
	localData string
	fixture   string
	appURL    string
	apiKeyID  string
	apiKey    string
	org       string
	location  string

	readDir  string
	writeDir string

	timeout     time.Duration
	callTimeout time.Duration
	maxSteps    uint64
	maxWrite    int64
	dryRun      bool
}

// newSessionFlags registers the session flags on fs; timeoutUsage says
// what --timeout bounds in this command (a run, or each REPL chunk).
func newSessionFlags(fs *flagSet, timeoutUsage string) *sessionFlags {
	f := new(sessionFlags)
	fs.BoolVar(&f.local, "local", false, "use the built-in local fleet (in memory, demo fixture)")
	fs.StringVar(&f.localData, "local-data", "", "with --local: keep the local fleet in this SQLite `FILE`")
	fs.StringVar(&f.fixture, "fixture", "", "with --local: seed a new fleet with this fixture, a builtin `NAME` (demo, empty) or a .json file (default demo)")
	fs.StringVar(&f.appURL, "app-url", "", "fleet endpoint `URL`: host:port, https://host[:port], or http://host[:port] for loopback (default "+conn.DefaultAppURL+")")
	fs.StringVar(&f.apiKeyID, "api-key-id", "", "API key `ID` (else VIAM_API_KEY_ID, else the saved `viam login`)")
	fs.StringVar(&f.apiKey, "api-key", "", "API `KEY` (else VIAM_API_KEY, else the saved `viam login`)")
	fs.StringVar(&f.org, "org", "", "default organization `ID` for fleet methods")
	fs.StringVar(&f.location, "location", "", "default location `ID` for fleet methods")
	fs.StringVar(&f.readDir, "read-dir", "", "`DIR` that load(), file.read and uploads may read (default: the script's directory; for -c and repl the current directory)")
	fs.StringVar(&f.writeDir, "write-dir", "", "`DIR` that dest= and file.write may write (default: the current directory)")
	fs.DurationVar(&f.timeout, "timeout", 0, timeoutUsage)
	fs.DurationVar(&f.callTimeout, "call-timeout", time.Minute, "deadline of each fleet call (0 = none)")
	fs.Uint64Var(&f.maxSteps, "max-steps", 0, "Starlark step limit per thread (0 = no limit)")
	fs.Int64Var(&f.maxWrite, "max-write", 0, "bytes the run may write (0 = 1 GiB)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "methods that change the fleet print what they would send instead of sending it")
	return f
}

// readRoot is --read-dir, else the command's default.
func (f *sessionFlags) readRoot(fallback string) string {
	if f.readDir != "" {
		return f.readDir
	}
	return fallback
}

func (f *sessionFlags) connConfig() (conn.Config, error) {
	var fixture *localfleet.Fixture
	if f.fixture != "" {
		if !f.local {
			return conn.Config{}, usagef("--fixture needs --local")
		}
		var err error
		if fixture, err = loadFixture(f.fixture); err != nil {
			return conn.Config{}, usagef("--fixture: %v", err)
		}
	}
	return conn.Config{
		Fixture:    fixture,
		Local:      f.local,
		LocalData:  f.localData,
		AppURL:     f.appURL,
		APIKeyID:   f.apiKeyID,
		APIKey:     f.apiKey,
		OrgID:      f.org,
		LocationID: f.location,
	}, nil
}

// secrets are the values that must never be echoed or remembered.
func (f *sessionFlags) secrets() []string {
	var s []string
	for _, v := range []string{f.apiKey, f.apiKeyID, os.Getenv("VIAM_API_KEY"), os.Getenv("VIAM_API_KEY_ID")} {
		if v != "" {
			s = append(s, v)
		}
	}
	return s
}

// session is a connected host ready to run scripts.
type session struct {
	host *runtime.Host
	conn *conn.Conn
}

// openSession connects to the fleet and builds the host; readDir is the
// resolved read root and argv the script's arguments.
func openSession(ctx context.Context, f *sessionFlags, std stdio, readDir string, argv []string) (*session, error) {
	writeDir := f.writeDir
	if writeDir == "" {
		writeDir = "."
	}
	cfg, err := f.connConfig()
	if err != nil {
		return nil, err
	}
	c, err := conn.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	fleet := builtins.New(c.CC, builtins.Options{OrgID: c.OrgID, LocationID: c.LocationID})
	host, err := runtime.New(runtime.Options{
		Fleet:       fleet,
		Stdout:      std.out,
		Stderr:      std.errOut,
		ReadDir:     readDir,
		WriteDir:    writeDir,
		MaxWrite:    f.maxWrite,
		CallTimeout: f.callTimeout,
		MaxSteps:    f.maxSteps,
		DryRun:      f.dryRun,
		Interactive: isTerminal(std.errOut),
		Argv:        argv,
	})
	if err != nil {
		c.Close()
		return nil, err
	}
	return &session{host: host, conn: c}, nil
}

func (s *session) Close() error {
	herr := s.host.Close()
	if err := s.conn.Close(); err != nil {
		return err
	}
	return herr
}

// isTerminal reports whether w is a character device (a terminal), where
// progress may be drawn.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
