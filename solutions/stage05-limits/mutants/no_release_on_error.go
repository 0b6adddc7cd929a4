package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// NoReleaseOnError gives the slot back only when the handler returns
// cleanly. Every connection that ends in an error (a reset, a line too
// long, a failed write) keeps its slot forever, until no client fits.
func NoReleaseOnError(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.serveConn = func(ctx context.Context, conn net.Conn) {
		defer conn.Close()
		defer s.recoverPanic()
		if err := s.handler()(ctx, conn); err != nil {
			s.log().Warn("disconnected with an error", "err", err)
			return // BUG: returns before the slot is released
		}
		<-s.slots
	}
	return s.serve(ctx, ln)
}
