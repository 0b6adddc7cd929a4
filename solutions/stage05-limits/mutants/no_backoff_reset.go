package mutants

import (
	"context"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// NoBackoffReset never resets the backoff after a successful Accept. Once
// the server has had a bad minute, every later hiccup costs a full second
// of not accepting anyone.
func NoBackoffReset(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.succeeded = func(*time.Duration) {} // BUG: the delay should go back to zero
	return s.serve(ctx, ln)
}
