package mutants

import (
	"context"
	"errors"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// ExitOnEMFILE has the accept loop of stages 01 to 04: every Accept error
// but a closed listener ends Serve. A server with thousands of clients
// runs out of file descriptors sooner or later; Accept fails with EMFILE,
// and this one returns, which ends the whole process and every client
// with it, where waiting a moment would have served them all.
func ExitOnEMFILE(_ context.Context, ln net.Listener, o perftest.Config) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err // BUG: EMFILE is temporary: back off and try again
		}
		noDelay(conn)
		go echo(conn, o)
	}
}
