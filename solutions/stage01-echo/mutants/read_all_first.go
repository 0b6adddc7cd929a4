package mutants

import (
	"io"
	"net"
)

// ReadAllFirst reads until the client has finished, then echoes it all.
// A client that waits for its echo before it closes waits for ever.
func ReadAllFirst(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		data, err := io.ReadAll(conn) // BUG: waits for EOF before the first byte goes back
		if err != nil {
			return
		}
		conn.Write(data)
	})
}
