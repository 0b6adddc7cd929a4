package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage07-miniredis/miniredistest"
)

// ShutdownReturnsCtxErr: "Serve returns ctx.Err() when it is cancelled."
// A shutdown that was asked for is no failure: the command would exit
// with an error status after a clean stop. Caught by "shutdown".
func ShutdownReturnsCtxErr(ctx context.Context, ln net.Listener, cfg miniredistest.Config) error {
	if err := serveWith(func(*server) {})(ctx, ln, cfg); err != nil {
		return err
	}
	return ctx.Err() // BUG: context.Canceled after a clean shutdown
}
