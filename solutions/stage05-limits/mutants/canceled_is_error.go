package mutants

import (
	"context"
	"errors"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// CanceledIsError returns ctx.Err() when Accept fails during a shutdown,
// the habit of code in which a cancelled context means work cut short.
// Here a cancelled context is how the server is told to stop, and a stop
// that drained every client is a success: whoever started the server (a
// main that exits 1 on an error) reports every clean Ctrl+C as a failure.
func CanceledIsError(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	s.loop = func(ctx context.Context, ln net.Listener) error {
		var delay time.Duration
		for {
			if s.cfg.Policy == "wait" && !s.waitForSlot(ctx) {
				return nil
			}
			conn, err := ln.Accept()
			if err != nil {
				if s.cfg.Policy == "wait" {
					<-s.slots
				}
				if ctx.Err() != nil {
					return ctx.Err() // BUG: being stopped is not a failure; return nil
				}
				if errors.Is(err, net.ErrClosed) {
					return nil
				}
				if err := s.acceptFailed(ctx, err, &delay); err != nil {
					return err
				}
				continue
			}
			s.succeeded(&delay)
			if s.cfg.Policy != "wait" && !s.admit(conn) {
				continue
			}
			s.spawn(ctx, conn)
		}
	}
	return s.serve(ctx, ln)
}
