package mutants

import (
	"bufio"
	"net"
)

// LineScanner echoes line by line with a bufio.Scanner, as if the
// protocol were lines. Scan drops bytes past the last "\n" it cannot
// frame and stops at its 64 KiB token limit, so binary data is mangled.
func LineScanner(ln net.Listener) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		sc := bufio.NewScanner(conn)
		for sc.Scan() { // BUG: an echo server has no lines; and sc.Err() is never read
			conn.Write(append(sc.Bytes(), '\n'))
		}
	})
}
