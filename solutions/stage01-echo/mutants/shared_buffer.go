package mutants

import "net"

// sharedBuf is the mistake itself: one buffer for every connection.
var sharedBuf = make([]byte, 1024)

// SharedBuffer reads every connection into one package-level buffer.
// Two clients talking at once overwrite each other's bytes between a Read
// and its Write, so one can receive what the other sent: cross-talk, and
// a data race.
func SharedBuffer(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		for {
			n, err := conn.Read(sharedBuf) // BUG: shared by every connection
			if n > 0 {
				if _, werr := conn.Write(sharedBuf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	})
}
