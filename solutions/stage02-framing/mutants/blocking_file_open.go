package mutants

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
)

// readNoBlock opens for reading without waiting on a FIFO.
const readNoBlock = os.O_RDONLY | syscall.O_NONBLOCK

// BlockingFileOpen checks the -file at start-up with a plain os.Open. For
// a FIFO, that open waits for a writer: the server hangs at start-up and
// never listens.
func BlockingFileOpen(path string) (Server, error) {
	f, err := os.Open(path) // BUG: blocks on a FIFO until a writer comes
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New(path + ": not a file")
	}
	return func(ln net.Listener) error {
		return serve(ln, func(conn net.Conn) {
			f, err := os.OpenFile(path, readNoBlock, 0)
			if err != nil {
				return
			}
			defer f.Close()
			io.Copy(conn, f)
		})
	}, nil
}
