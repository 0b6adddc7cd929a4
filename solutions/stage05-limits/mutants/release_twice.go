package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// ReleaseTwice gives the slot back in a deferred call, and again on the
// way out of the handler. The second release finds the channel empty once
// the other slots are free, and waits there for ever: the handler never
// returns, and neither does Serve.
func ReleaseTwice(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.serveConn = func(ctx context.Context, conn net.Conn) {
		// TODO(2), as in the starter: this is that TODO's code, and the
		// marker lets the report of a goroutine stuck here point at it.
		defer func() { <-s.slots }()
		defer func() { <-s.slots }() // BUG: the slot is given back twice
		defer conn.Close()
		defer s.recoverPanic()
		s.handler()(ctx, conn)
	}
	return s.serve(ctx, ln)
}
