package mutants

import (
	"io"
	"log"
	"net"
)

// ExitOnReset treats one client's error as fatal for the whole server: the
// first client that resets its connection ends the process.
func ExitOnReset(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		if _, err := io.Copy(conn, conn); err != nil {
			log.Fatalf("echo: %v", err) // BUG: a per-connection error, handled as fatal
		}
	})
}
