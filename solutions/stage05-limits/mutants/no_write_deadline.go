package mutants

import (
	"context"
	"net"
	"time"

	limits "tcpworkbook/solutions/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

// NoWriteDeadline runs the line echo as the reference did before it set a
// write deadline: a client that sends lines and never reads the replies
// fills the socket buffers, its handler blocks in Write for ever, and its
// slot never comes back. A few such clients and no one else is served.
func NoWriteDeadline(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	if cfg.Handler == nil {
		echo := limits.EchoLines(cfg.MaxLine, cfg.Idle)
		s.cfg.Handler = func(ctx context.Context, conn net.Conn) error {
			return echo(ctx, noWriteDeadline{conn}) // BUG: writes wait for ever
		}
	}
	return s.serve(ctx, ln)
}

// noWriteDeadline is a connection whose write deadline cannot be set.
type noWriteDeadline struct{ net.Conn }

func (noWriteDeadline) SetWriteDeadline(time.Time) error { return nil }
