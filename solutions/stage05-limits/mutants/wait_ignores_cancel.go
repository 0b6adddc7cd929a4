package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// WaitIgnoresCancel waits for a free slot with a bare channel send. While
// every slot is taken, cancelling the context does nothing: the server
// cannot be stopped until some client happens to leave.
func WaitIgnoresCancel(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.waitForSlot = func(context.Context) bool {
		s.slots <- struct{}{} // BUG: no select on ctx.Done()
		return true
	}
	return s.serve(ctx, ln)
}
