package mutants

import (
	"errors"
	"io"
	"net"
	"os"
)

// SharedFile opens the file once and copies that one *os.File to every
// client. The first client reads it to the end; the offset stays there,
// so everyone after gets nothing.
func SharedFile(path string) (Server, error) {
	f, err := os.OpenFile(path, readNoBlock, 0) // BUG: one file, one offset, for all clients
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, errors.New(path + ": not a file")
	}
	return func(ln net.Listener) error {
		defer f.Close()
		return serve(ln, func(conn net.Conn) { io.Copy(conn, f) })
	}, nil
}
