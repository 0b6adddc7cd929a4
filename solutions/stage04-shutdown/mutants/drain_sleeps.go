package mutants

import (
	"context"
	"fmt"
	"net"
	"time"

	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// DrainSleeps sleeps out the whole drain timeout and only then looks at
// the handlers. time.Sleep ignores everything else that happens: a
// shutdown whose handlers all finished at once still takes the full
// timeout, every time.
func DrainSleeps(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
	s := newServer(cfg)
	s.drain = func(live *connSet) error {
		time.Sleep(cfg.Drain) // BUG: waits the full timeout even when every handler is done
		cut := live.closeAll()
		live.wg.Wait()
		if cut > 0 {
			return fmt.Errorf("shutdown: cut %d connections", cut)
		}
		return nil
	}
	return s.serve(ctx, ln)
}
