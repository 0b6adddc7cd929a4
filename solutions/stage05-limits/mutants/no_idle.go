package mutants

import (
	"context"
	"net"
	"time"

	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

// NoIdle ignores -idle: a client that connects and says nothing holds its
// slot for a day, so a few silent clients can use up the whole limit.
func NoIdle(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	if cfg.Handler == nil {
		s.cfg.Handler = limits.EchoLines(cfg.MaxLine, 24*time.Hour) // BUG: cfg.Idle is ignored
	}
	return s.serve(ctx, ln)
}
