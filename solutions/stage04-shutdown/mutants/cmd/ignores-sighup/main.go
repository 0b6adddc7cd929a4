// Command ignores-sighup is the reference server with one mistake in its
// main function: it drains on Ctrl+C and SIGTERM but not on SIGHUP, which
// a server gets when the terminal it runs in is closed. Go's default for
// SIGHUP then kills it on the spot: no goodbye, no drain.
package main

import (
	"os"
	"syscall"

	"tcpworkbook/solutions/stage04-shutdown/mutants/cmd/internal/catchonly"
)

func main() {
	catchonly.Main(os.Interrupt, syscall.SIGTERM) // BUG: no syscall.SIGHUP
}
