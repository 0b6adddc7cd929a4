package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// SilentReject turns a client over the limit away by closing its
// connection without a word, as the lecture's reject loop does. The client
// cannot tell "busy" from "crashed", so it cannot know to retry later.
func SilentReject(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.admit = func(conn net.Conn) bool {
		select {
		case s.slots <- struct{}{}:
			return true
		default:
			conn.Close() // BUG: no Busy line first
			return false
		}
	}
	return s.serve(ctx, ln)
}
