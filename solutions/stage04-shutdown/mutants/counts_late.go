package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// CountsLate adds each handler to the WaitGroup from inside the handler's
// own goroutine. A shutdown that begins as a client is accepted can reach
// wg.Wait before that goroutine has run, find nothing to wait for, and
// return while the handler has not started.
func CountsLate(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.addLate = true // BUG: wg.Add belongs before the go statement
	return s.serve(ctx, ln)
}
