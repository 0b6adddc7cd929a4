package mutants

import (
	"context"
	"fmt"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// Spin retries temporary Accept errors at once, without pausing. While the
// process is out of file descriptors, Accept fails immediately, again and
// again: the loop burns a whole core and floods the log, and gives the
// handlers no time to finish and free a descriptor.
func Spin(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.acceptFailed = func(_ context.Context, err error, _ *time.Duration) error {
		if !temporary(err) {
			return fmt.Errorf("accept: %w", err)
		}
		return nil // BUG: retry at once, no backoff
	}
	return s.serve(ctx, ln)
}
