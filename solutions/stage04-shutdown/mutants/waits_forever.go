package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// WaitsForever drains with no time limit. A client that never reads its
// reply keeps its handler blocked in Write, and the shutdown never ends.
func WaitsForever(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.drain = func(live *connSet) error {
		live.wg.Wait() // BUG: no drain timeout, so no one closes a stuck connection
		return nil
	}
	return s.serve(ctx, ln)
}
