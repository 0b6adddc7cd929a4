package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// WakeDropped registers each handler's wake-up with context.AfterFunc and
// drops the stop function it returns. Every wake-up stays on the server's
// context, and with it the connection it closes over, until the server
// shuts down: memory grows with every client ever served.
func WakeDropped(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.keepWake = true // BUG: the stop function of the wake-up is never called
	return s.serve(ctx, ln)
}
