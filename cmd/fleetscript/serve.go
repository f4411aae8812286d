package main

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/fleetscript/fleetscript/localfleet"
	"github.com/fleetscript/fleetscript/runtime/conn"
)

func serveCmd(ctx context.Context, std stdio, args []string) error {
	fs := newFlagSet("serve", "serve [--listen ADDR] [--data FILE] [--fixture NAME]")
	listen := fs.String("listen", "127.0.0.1:8080", "loopback `ADDR` to listen on (host:port; port 0 picks a free one)")
	data := fs.String("data", "", "SQLite `FILE` holding the fleet (default: in memory, gone on exit)")
	fixtureName := fs.String("fixture", "", "seed a new data file with this fixture: a builtin `NAME` (demo, empty, ...) or a JSON file (default: one organization and its owner key)")
	if err := fs.parse(std, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected arguments %q", fs.Args())
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}
	var fixture *localfleet.Fixture
	if *fixtureName != "" {
		var err error
		if fixture, err = loadFixture(*fixtureName); err != nil {
			return usagef("serve: --fixture: %v", err)
		}
	}
	srv, err := localfleet.Open(ctx, localfleet.Options{DataPath: *data, Fixture: fixture})
	if err != nil {
		return err
	}
	defer srv.Close()
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if id, key, ok := srv.BootstrapKey(); ok {
		fmt.Fprintf(std.errOut, "A new fleet: its owner API key is shown once, keep it.\nVIAM_API_KEY_ID=%s\nVIAM_API_KEY=%s\n", id, key)
	}
	where := "in memory"
	if *data != "" {
		where = *data
	}
	fmt.Fprintf(std.errOut, "fleetscript: local fleet (%s) listening on http://%s\n", where, lis.Addr())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		srv.GracefulStop() // in-flight calls finish
		<-served
		if err := srv.Close(); err != nil {
			return fmt.Errorf("serve: close: %w", err)
		}
		fmt.Fprintln(std.errOut, "fleetscript: local fleet stopped")
		return nil
	}
}

// checkLoopback refuses listen addresses other than loopback: the local
// fleet speaks plaintext and is meant for this machine only.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("serve: --listen %q: want host:port (e.g. 127.0.0.1:8080)", addr)
	}
	if conn.IsLoopback(host) {
		return nil
	}
	return usagef("serve: --listen %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed; the local fleet is plaintext", addr)
}

// loadFixture resolves a builtin fixture name or a JSON file.
func loadFixture(name string) (*localfleet.Fixture, error) {
	if f, ok := localfleet.BuiltinFixture(name); ok {
		return f, nil
	}
	if strings.HasSuffix(name, ".json") {
		return localfleet.LoadFixture(name)
	}
	return nil, fmt.Errorf("%q is neither a builtin fixture nor a .json file", name)
}
