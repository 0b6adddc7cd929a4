package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
)

// CountNewlines counts "\n" bytes, so a last line without one is not
// counted. It does not check the line length either.
func CountNewlines(int) Server {
	return func(ln net.Listener) error {
		return serve(ln, counter(func(r *bufio.Reader) (int, error) {
			buf := make([]byte, 32<<10)
			n := 0
			for {
				k, err := r.Read(buf)
				n += bytes.Count(buf[:k], []byte("\n")) // BUG: an unterminated last line is a line too
				if errors.Is(err, io.EOF) {
					return n, nil
				}
				if err != nil {
					return n, err
				}
			}
		}))
	}
}
