package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/fleetscript/fleetscript/runtime"
	"github.com/fleetscript/fleetscript/runtime/conn"
)

// Exit codes, as DESIGN.md fixes them.
const (
	exitOK       = 0
	exitFailure  = 1 // the script or an RPC failed
	exitUsage    = 2 // bad flags or arguments, no credentials
	exitMismatch = 3 // a golden test did not match
)

// command is one sub-command.
type command struct {
	name string
	run  func(ctx context.Context, std stdio, args []string) error
	// ownsInterrupt: the command handles Ctrl-C itself (the REPL returns
	// to its prompt), so SIGINT must not cancel its context.
	ownsInterrupt bool
}

// stdio is where a command reads and writes: the process's own streams,
// or buffers in tests.
type stdio struct {
	in          io.Reader
	out, errOut io.Writer
}

func commands() []command {
	return []command{
		{name: "run", run: runCmd},
		{name: "repl", run: replCmd, ownsInterrupt: true},
		{name: "test", run: testCmd},
		{name: "serve", run: serveCmd},
		{name: "doc", run: docCmd},
	}
}

const usageText = `fleetscript manages a Viam fleet with Starlark scripts.

Usage:
  fleetscript run [flags] SCRIPT.star [ARG...]    run a script; ARGs reach it as argv
  fleetscript run [flags] -c 'CODE' [ARG...]      run a snippet
  fleetscript repl [flags]                        interactive session
  fleetscript test [-update] [PATH...]            golden script tests
  fleetscript serve [--listen ADDR] [--data FILE] the local fleet as a server
  fleetscript doc [METHOD]                        builtin reference

Run 'fleetscript COMMAND --help' for a command's flags.
Exit codes: 0 ok, 1 script or RPC error, 2 usage error, 3 golden mismatch.
`

// Main runs the command line args and returns the exit code.
func Main(args []string) int {
	return dispatch(args, stdio{in: os.Stdin, out: os.Stdout, errOut: os.Stderr})
}

// dispatch runs the sub-command args name on std.
func dispatch(args []string, std stdio) int {
	if len(args) == 0 {
		fmt.Fprint(std.errOut, usageText)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(std.out, usageText)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			signals := []os.Signal{syscall.SIGTERM}
			if !c.ownsInterrupt {
				signals = append(signals, os.Interrupt)
			}
			ctx, stop := signal.NotifyContext(context.Background(), signals...)
			defer stop()
			return report(std.errOut, c.run(ctx, std, args[1:]))
		}
	}
	fmt.Fprintf(std.errOut, "fleetscript: unknown command %q\n\n%s", name, usageText)
	return exitUsage
}

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode is an error that has already been reported and only sets the
// exit code (a golden mismatch prints its diff itself).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// report prints err the way its kind deserves and returns the exit code.
func report(w io.Writer, err error) int {
	var code exitCode
	var usage *usageError
	var script *runtime.ScriptError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &usage):
		fmt.Fprintf(w, "fleetscript: %s\n", usage.msg)
		return exitUsage
	case errors.Is(err, conn.ErrNoCredentials), errors.Is(err, conn.ErrConfig):
		fmt.Fprintf(w, "fleetscript: %v\n", err)
		return exitUsage
	case errors.As(err, &script):
		fmt.Fprintln(w, runtime.FormatError(err))
		return exitFailure
	default:
		fmt.Fprintf(w, "fleetscript: %v\n", err)
		return exitFailure
	}
}

// flagSet is one sub-command's flags and its usage line.
type flagSet struct {
	*flag.FlagSet
	synopsis string // follows "fleetscript" in the usage line
}

func newFlagSet(name, synopsis string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors itself
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, synopsis: synopsis}
}

// parse parses args; --help prints the usage on stdout and ends the
// command with exit 0; a bad flag is a usage error.
func (fs *flagSet) parse(std stdio, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(std.out, "Usage: fleetscript %s\n", fs.synopsis)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(std.out, "\nFlags:\n")
			fs.SetOutput(std.out)
			fs.PrintDefaults()
		}
		return err
	}
	if err != nil {
		return usagef("%s: %v (see 'fleetscript %s --help')", fs.Name(), err, fs.Name())
	}
	return nil
}
