package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// ClosedIsError sorts Accept errors into temporary ones, to back off from,
// and the rest, to return, and forgets the one that is neither: a closed
// listener is how the server is told to stop. Every normal stop then comes
// back from Serve as a failure, "accept: use of closed network connection".
func ClosedIsError(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.stopped = func(context.Context, error) (bool, error) {
		return false, nil // BUG: no errors.Is(err, net.ErrClosed) test
	}
	return s.serve(ctx, ln)
}
