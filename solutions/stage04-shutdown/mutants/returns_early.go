package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// ReturnsEarly wakes every handler but returns from Serve as soon as the
// accept loop ends, as the lecture's accept loop does. In Go, nothing
// waits for goroutines: the caller may exit while handlers are still
// writing, and the tests' leak check finds them still running.
func ReturnsEarly(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.drain = func(*connSet) error {
		return nil // BUG: does not wait for the handlers
	}
	return s.serve(ctx, ln)
}
