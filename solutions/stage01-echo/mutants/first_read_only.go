package mutants

import "net"

// FirstReadOnly echoes one read and closes, as if one Read returned the
// whole message. TCP is a stream: a message may arrive in many pieces.
func FirstReadOnly(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 64<<10)
		n, _ := conn.Read(buf) // BUG: one read is not one message
		conn.Write(buf[:n])
	})
}
