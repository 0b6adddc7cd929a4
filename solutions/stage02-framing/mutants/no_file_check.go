package mutants

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
)

// NoFileCheck opens names safely with os.Root but never asks whether the
// name is a regular file. A directory opens fine, then io.Copy fails on
// its first read, and the client gets a closed connection and no reason.
func NoFileCheck(dir string) (Server, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return func(ln net.Listener) error {
		defer root.Close()
		return serve(ln, func(conn net.Conn) {
			line, err := readLine(bufio.NewReader(conn), 4096)
			if err != nil {
				return
			}
			f, err := root.Open(string(line))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				io.WriteString(conn, "error: not found\n")
				return
			case err != nil:
				io.WriteString(conn, "error: invalid name\n")
				return
			}
			defer f.Close()
			io.Copy(conn, f) // BUG: f may be a directory
		})
	}, nil
}
