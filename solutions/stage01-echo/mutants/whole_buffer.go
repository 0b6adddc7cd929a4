package mutants

import "net"

// WholeBuffer writes back the whole buffer after every read, not buf[:n]:
// each short read sends stale bytes along with the new ones.
func WholeBuffer(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 1024)
		for {
			_, err := conn.Read(buf)
			if err != nil {
				return
			}
			if _, err := conn.Write(buf); err != nil { // BUG: buf, not buf[:n]
				return
			}
		}
	})
}
