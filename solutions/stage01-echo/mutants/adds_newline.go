package mutants

import (
	"fmt"
	"net"
)

// AddsNewline echoes with fmt.Fprintln, which adds a newline of its own to
// every chunk: a line comes back with a second "\n" behind it.
func AddsNewline(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 1024)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			if _, err := fmt.Fprintln(conn, string(buf[:n])); err != nil { // BUG: Fprintln adds "\n"
				return
			}
		}
	})
}
