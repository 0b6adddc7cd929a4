package mutants

import (
	"errors"
	"io"
	"net"
	"os"
)

// ReopenBlocks checks the -file at start-up as it should, but each client
// opens the path with a plain os.Open: once the file has been replaced by
// a FIFO, every handler waits on it for a writer, for ever.
func ReopenBlocks(path string) (Server, error) {
	f, err := os.OpenFile(path, readNoBlock, 0)
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
			f, err := os.Open(path) // BUG: blocks on a FIFO until a writer comes
			if err != nil {
				return
			}
			defer f.Close()
			io.Copy(conn, f)
		})
	}, nil
}
