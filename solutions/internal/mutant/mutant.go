// Package mutant holds what the known-wrong servers of several stages
// share and get right, so that each mutant's file shows only its mistake.
package mutant

import (
	"errors"
	"net"
)

// AcceptLoop is a correct accept loop: it passes each accepted connection
// to dispatch until ln is closed, then returns nil, and returns any other
// Accept error as it is.
func AcceptLoop(ln net.Listener, dispatch func(net.Conn)) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		dispatch(conn)
	}
}
