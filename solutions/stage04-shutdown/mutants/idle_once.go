package mutants

import (
	"context"
	"net"
	"time"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// IdleOnce sets the idle deadline when the client connects and never
// moves it. A deadline is a point in time, so the client is cut off one
// idle timeout after connecting, however much it talks.
func IdleOnce(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.extendIdle = func(conn net.Conn, n int) {
		if n == 0 { // BUG: only before the first line
			conn.SetReadDeadline(time.Now().Add(cfg.Idle))
		}
	}
	return s.serve(ctx, ln)
}
