package mutants

import (
	"context"
	"errors"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// CanceledIsError returns ctx.Err() when Accept fails during a shutdown,
// the habit of code in which a cancelled context means work cut short.
// Here a cancelled context is how the server is told to stop, and a stop
// that drained every client is a success: whoever started the server (a
// main that exits 1 on an error) reports every clean Ctrl+C as a failure.
func CanceledIsError(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.stopped = func(ctx context.Context, err error) (bool, error) {
		if ctx.Err() != nil {
			return true, ctx.Err() // BUG: being stopped is not a failure; return nil
		}
		return errors.Is(err, net.ErrClosed), nil
	}
	return s.serve(ctx, ln)
}
