package mutants

import (
	"io"
	"net"
)

// ClosedIsError returns Accept's error even when it only says the listener
// was closed, which is how a server is told to stop: a clean stop looks
// like a failure to whoever called Serve.
func ClosedIsError(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err // BUG: net.ErrClosed means "stop", not "fail"
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}
