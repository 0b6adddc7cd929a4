package mutants

import "net"

// Leak gives each connection a writer goroutine fed by a channel, and
// never closes the channel: every writer outlives its client.
func Leak(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		out := make(chan []byte, 1)
		go func() {
			for b := range out { // never ends: out is never closed
				conn.Write(b)
			}
		}()
		buf := make([]byte, 1024)
		for {
			n, err := conn.Read(buf)
			if n > 0 {
				out <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				return // BUG: missing close(out)
			}
		}
	})
}
