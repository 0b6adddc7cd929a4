package mutants

import (
	"context"
	"net"
	"time"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// CutsInFlight wakes handlers with SetDeadline instead of
// SetReadDeadline. That sets the write deadline too, so a reply being
// written when the shutdown begins fails half-way, and so does the
// goodbye.
func CutsInFlight(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.wake = func(conn net.Conn) {
		conn.SetDeadline(time.Now()) // BUG: reads and writes both fail now
	}
	return s.serve(ctx, ln)
}
