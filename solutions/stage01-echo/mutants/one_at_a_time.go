package mutants

import (
	"io"
	"net"
)

// OneAtATime handles each connection in the accept loop itself, so the
// next client waits until the current one has left.
func OneAtATime(ln net.Listener) error {
	return acceptLoop(ln, func(conn net.Conn) {
		io.Copy(conn, conn) // BUG: no goroutine: the loop is stuck here
		conn.Close()
	})
}
