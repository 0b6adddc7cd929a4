package mutants

import (
	"bufio"
	"net"
)

// IgnoreScannerError reads lines with a bufio.Scanner and never looks at
// sc.Err(). A line too long for the scanner's buffer makes Scan return
// false, exactly as at EOF, so the client is dropped without a word.
func IgnoreScannerError(maxLine int) Server {
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			sc := bufio.NewScanner(conn)
			sc.Buffer(nil, maxLine+2)
			for sc.Scan() { // BUG: after the loop, sc.Err() may be bufio.ErrTooLong
				if len(sc.Bytes()) > maxLine {
					conn.Write([]byte("error: line too long\n"))
					return
				}
				conn.Write(append(sc.Bytes(), '\n'))
			}
		})
	}
}
