package mutants

import (
	"io"
	"net"
)

// PanicOnReset panics on a connection's error instead of logging it. A
// panic in any goroutine ends the whole process, so the first client that
// resets its connection takes every other client down with it.
func PanicOnReset(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		if _, err := io.Copy(conn, conn); err != nil {
			panic(err) // BUG: one client's error, handled as the server's
		}
	})
}
