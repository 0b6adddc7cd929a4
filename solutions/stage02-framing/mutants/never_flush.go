package mutants

import (
	"bufio"
	"net"
)

// NeverFlush writes its replies into a bufio.Writer and never flushes it.
// Nothing reaches the client until 4 KiB of replies have piled up, and
// the last ones never do.
func NeverFlush(maxLine int) Server {
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			r := bufio.NewReaderSize(conn, maxLine+2)
			w := bufio.NewWriter(conn) // BUG: never flushed
			for {
				line, err := readLine(r, maxLine)
				if err != nil {
					return
				}
				w.Write(line)
				w.WriteByte('\n')
			}
		})
	}
}
