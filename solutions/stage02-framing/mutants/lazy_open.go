package mutants

import (
	"io"
	"net"
	"os"
)

// LazyOpen does not look at the file until a client arrives, so a wrong
// path shows up only then, as a connection that closes with nothing.
func LazyOpen(path string) (Server, error) {
	// BUG: no check at start-up
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			f, err := os.Open(path)
			if err != nil {
				return
			}
			defer f.Close()
			io.Copy(conn, f)
		})
	}, nil
}
