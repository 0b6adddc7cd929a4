package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// NoWriteDeadline gives reads the idle timeout but leaves writes without a
// deadline, as the reference did before. A client that sends lines and
// never reads the replies fills the socket buffers; its handler then
// blocks in Write for ever, and nothing but a shutdown's drain timeout
// ends it.
func NoWriteDeadline(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.writeDeadline = false // BUG: a reply nobody reads blocks the handler for ever
	return s.serve(ctx, ln)
}
