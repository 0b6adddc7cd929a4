package mutants

import (
	"context"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// RetryEverything backs off and retries after any Accept error. A broken
// listener never recovers, so the server neither serves nor stops: it
// hangs, retrying forever, and whoever started it is never told why.
func RetryEverything(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.acceptFailed = func(ctx context.Context, _ error, delay *time.Duration) error {
		*delay = next(*delay) // BUG: no check that the error is temporary
		s.sleep(ctx, *delay)
		return nil
	}
	return s.serve(ctx, ln)
}
