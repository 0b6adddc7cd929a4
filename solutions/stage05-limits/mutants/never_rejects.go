package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// NeverRejects takes a slot when one is free and serves the client anyway
// when none is: the result of tryAcquire is never looked at, so the limit
// limits nothing.
func NeverRejects(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.admit = func(net.Conn) bool {
		select {
		case s.slots <- struct{}{}:
		default:
		}
		return true // BUG: every client is served, slot or not
	}
	return s.serve(ctx, ln)
}
