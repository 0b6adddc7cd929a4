package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// WakeCloses wakes a handler blocked in Read by closing its connection.
// The Read does return, but the goodbye has nothing left to be written
// on, and a reply being written is cut off as well.
func WakeCloses(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.wake = func(conn net.Conn) {
		conn.Close() // BUG: no goodbye can follow
	}
	return s.serve(ctx, ln)
}
