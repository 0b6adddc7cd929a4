package mutants

import (
	"context"
	"fmt"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// SleepIgnoresCtx backs off with time.Sleep. The pauses are right, but a
// server asked to stop during a one-second pause sleeps it out first, and
// the Sleep hook the checks use to watch the backoff is never called.
func SleepIgnoresCtx(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.acceptFailed = func(_ context.Context, err error, delay *time.Duration) error {
		if !temporary(err) {
			return fmt.Errorf("accept: %w", err)
		}
		*delay = next(*delay)
		time.Sleep(*delay) // BUG: not cut short by ctx; use s.sleep(ctx, delay)
		return nil
	}
	return s.serve(ctx, ln)
}
