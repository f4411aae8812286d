package repl

import (
	"os"
	"os/signal"
)

// interruptSource returns the channel on which Ctrl-C arrives, and a
// function that stops delivery. SIGINT is caught for the whole session: a
// Ctrl-C pressed just after a call finished must not kill the REPL.
// (While readline reads a line the terminal is raw, so Ctrl-C arrives
// there as a key, not as a signal.)
func (o Options) interruptSource() (<-chan os.Signal, func()) {
	if o.interrupts != nil {
		return o.interrupts, func() {}
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	return ch, func() { signal.Stop(ch) }
}
