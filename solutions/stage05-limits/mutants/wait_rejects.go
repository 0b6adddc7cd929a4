package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage05-limits/limitstest"
)

// WaitRejects ignores the policy and always rejects: the client that was
// promised a place in the queue is told to go away instead.
func WaitRejects(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	cfg.Policy = "reject" // BUG: -policy wait is ignored
	return newServer(cfg).serve(ctx, ln)
}
