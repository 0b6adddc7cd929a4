package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// NoReleaseOnPanic recovers panics, but releases the slot with a plain
// call after the handler rather than a deferred one. A panic skips the
// call, so each panicking connection keeps its slot forever.
func NoReleaseOnPanic(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.serveConn = func(ctx context.Context, conn net.Conn) {
		defer conn.Close()
		defer s.recoverPanic()
		s.handler()(ctx, conn)
		<-s.slots // BUG: not deferred, so a panic skips it
	}
	return s.serve(ctx, ln)
}
