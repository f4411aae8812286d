// Command fleetscript runs Starlark scripts against a Viam fleet: scripts,
// an interactive REPL, golden tests, the local fleet as a server, and the
// builtin reference. See README.md.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:]))
}
