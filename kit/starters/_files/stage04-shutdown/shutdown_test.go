package shutdown_test

import (
	"context"
	"net"
	"testing"

	shutdown "tcpworkbook/stage04-shutdown"
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// TestShutdown runs the stage 04 checks against your server. Run one check
// alone with, for example, go test ./stage04-shutdown/... -run 'Shutdown/goodbye'.
func TestShutdown(t *testing.T) {
	shutdowntest.Run(t, shutdowntest.Impl{
		Serve: func(ctx context.Context, ln net.Listener, cfg shutdowntest.Config) error {
			s := shutdown.Server{MaxLine: cfg.MaxLine, Idle: cfg.Idle, Drain: cfg.Drain}
			return s.Serve(ctx, ln)
		},
		Command: "tcpworkbook/stage04-shutdown/cmd/shutdown",
	})
}
