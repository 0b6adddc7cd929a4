package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// WatcherLeak starts, for every connection, a goroutine that closes it
// when the server stops. The goroutine waits for ctx alone, so it outlives
// its connection: a long-running server collects one per client ever
// served.
func WatcherLeak(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.serveConn = func(ctx context.Context, conn net.Conn) {
		go func() {
			<-ctx.Done() // BUG: should also end when the connection does
			conn.Close()
		}()
		s.handle(ctx, conn)
	}
	return s.serve(ctx, ln)
}
