package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// KeepsConnections closes the listener and then waits for its handlers,
// but never tells them. Closing a net.Listener does not close the
// connections it accepted, so every client that is not sending stays
// blocked in Read, connected, and Serve waits for it forever.
func KeepsConnections(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.wake = func(net.Conn) {} // BUG: a handler blocked in Read is never woken
	s.drain = func(live *connSet) error {
		live.wg.Wait() // BUG: and nothing ever closes the connections either
		return nil
	}
	return s.serve(ctx, ln)
}
