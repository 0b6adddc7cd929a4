package mutants

import (
	"errors"
	"io"
	"net"
)

// OneAtATime handles each connection in the accept loop itself, so the
// next client waits until the current one has left.
func OneAtATime(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		io.Copy(conn, conn) // BUG: no goroutine
		conn.Close()
	}
}
