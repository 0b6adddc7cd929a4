package mutants

import "net"

// IgnoreEOF keeps reading after the client has closed its side. Read
// returns 0, io.EOF at once, forever, so the handler spins and never
// closes the connection.
func IgnoreEOF(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 1024)
		for {
			n, err := conn.Read(buf)
			if n == 0 && err != nil {
				continue // BUG: EOF is the end, not a hiccup
			}
			if _, err := conn.Write(buf[:n]); err != nil {
				return
			}
		}
	})
}
