package mutants

import (
	"context"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// ClosedIsError sorts Accept errors into temporary ones, to back off from,
// and the rest, to return, and forgets the one that is neither: a closed
// listener is how the server is told to stop. Every normal stop then comes
// back from Serve as a failure, "accept: use of closed network connection".
func ClosedIsError(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
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
				// BUG: no errors.Is(err, net.ErrClosed) test before this
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
