// Command ignores-sigterm is the reference server with one mistake in its
// main function: it listens for Ctrl+C (os.Interrupt) only. SIGTERM, which
// kill, systemd and docker stop send, then kills it on the spot: no
// goodbye, no drain, and no exit status of its own.
package main

import (
	"os"

	"tcpworkbook/solutions/stage04-shutdown/mutants/cmd/internal/catchonly"
)

func main() {
	catchonly.Main(os.Interrupt) // BUG: no syscall.SIGTERM
}
