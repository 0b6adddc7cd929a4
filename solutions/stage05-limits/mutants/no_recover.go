package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// NoRecover lets a handler's panic escape its goroutine. In Go, a panic
// that no deferred recover stops ends the whole process: one bad
// connection takes every other client down with it.
func NoRecover(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.serveConn = func(ctx context.Context, conn net.Conn) {
		defer func() { <-s.slots }()
		defer conn.Close()
		s.handler()(ctx, conn) // BUG: no deferred recover
	}
	return s.serve(ctx, ln)
}
