package mutants

import (
	"bytes"
	"net"
)

// ReadIsLine treats whatever one Read returns as one line. Over TCP a line
// can arrive in pieces, and each piece is answered as if it were a line.
func ReadIsLine(maxLine int) Server {
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			buf := make([]byte, maxLine+2)
			for {
				n, err := conn.Read(buf) // BUG: one read is not one line
				if n > 0 {
					line := bytes.TrimSuffix(bytes.TrimSuffix(buf[:n], []byte("\n")), []byte("\r"))
					conn.Write(append(line, '\n'))
				}
				if err != nil {
					return
				}
			}
		})
	}
}
