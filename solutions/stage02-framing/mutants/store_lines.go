package mutants

import (
	"bufio"
	"errors"
	"io"
	"net"
)

// StoreLines keeps every line it reads and answers with how many it kept.
// The count is right, but memory grows with every line a client sends.
func StoreLines(maxLine int) Server {
	return func(ln net.Listener) error {
		return serve(ln, counter(func(r *bufio.Reader) (int, error) {
			var lines []string
			for {
				line, err := readLine(r, maxLine)
				if errors.Is(err, io.EOF) {
					return len(lines), nil
				}
				if err != nil {
					return 0, err
				}
				lines = append(lines, string(line)) // BUG: count them, do not keep them
			}
		}))
	}
}
