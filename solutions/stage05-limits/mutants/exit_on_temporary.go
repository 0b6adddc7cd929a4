package mutants

import (
	"context"
	"fmt"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// ExitOnTemporary treats every Accept error as fatal, as the lecture's
// accept loop does with ?. One moment without a free file descriptor, and
// the whole server is gone.
func ExitOnTemporary(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.acceptFailed = func(_ context.Context, err error, _ *time.Duration) error {
		return fmt.Errorf("accept: %w", err) // BUG: EMFILE and friends pass; this is not the end
	}
	return s.serve(ctx, ln)
}
