package mutants

import (
	"context"
	"errors"
	"net"
	"time"

	"tcpworkbook/stage05-limits/limitstest"
)

// WaitKeepsFailedSlot, under the wait policy, gives the slot back only
// when Accept fails because the listener closed. A slot taken for an
// Accept that fails with a temporary error is never returned, so after
// MaxConns such errors the loop waits for ever for a slot and the server
// accepts nobody.
func WaitKeepsFailedSlot(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	if cfg.Policy != "wait" {
		return s.serve(ctx, ln) // the reject policy is right
	}
	s.loop = func(ctx context.Context, ln net.Listener) error {
		var delay time.Duration
		for {
			if !s.waitForSlot(ctx) {
				return nil
			}
			conn, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				<-s.slots
				return nil
			}
			if err != nil {
				// BUG: the slot taken for this Accept is kept.
				if err := s.acceptFailed(ctx, err, &delay); err != nil {
					return err
				}
				continue
			}
			s.succeeded(&delay)
			s.spawn(ctx, conn)
		}
	}
	return s.serve(ctx, ln)
}
