package mutants

import (
	"io"
	"net"
)

// AcceptSpins goes on accepting whatever Accept says. Once the listener
// is closed every Accept fails at once, so the loop spins for ever, using
// a whole core, and Serve never returns.
func AcceptSpins(ln net.Listener) error {
	// TODO(1), as in the starter: the accept loop is that TODO's code.
	for {
		conn, err := ln.Accept()
		if err != nil {
			continue // BUG: after Close, Accept fails at once, every time
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}
