package mutants

import (
	"context"
	"errors"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// AcquireAfterAccept waits for a slot after Accept instead of before it.
// Clients are still served N at a time, but the server has already taken
// the next connection out of the kernel's backlog and holds its file
// descriptor while it waits: the wait is no longer the kernel's, and the
// server no longer bounds what it holds.
func AcquireAfterAccept(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := newServer(cfg)
	if cfg.Policy != "wait" {
		return s.serve(ctx, ln) // the reject policy is right
	}
	s.loop = func(ctx context.Context, ln net.Listener) error {
		for {
			conn, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			if err != nil {
				return err
			}
			if !s.acquire(ctx) { // BUG: the wait comes after Accept
				conn.Close()
				return nil
			}
			s.spawn(ctx, conn)
		}
	}
	return s.serve(ctx, ln)
}
