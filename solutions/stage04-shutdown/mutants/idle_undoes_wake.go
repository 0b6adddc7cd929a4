package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// IdleUndoesWake pushes the idle deadline forward before every line but
// never looks at ctx afterwards. A handler that is writing a reply when
// the shutdown begins has its wake-up (a read deadline in the past)
// replaced by the idle deadline before its next Read, so it sleeps until
// the idle timeout instead of saying goodbye.
func IdleUndoesWake(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.recheck = false // BUG: the new idle deadline can undo the wake-up
	return s.serve(ctx, ln)
}
