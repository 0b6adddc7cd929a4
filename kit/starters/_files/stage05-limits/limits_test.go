package limits_test

import (
	"context"
	"net"
	"testing"

	limits "tcpworkbook/stage05-limits"
	"tcpworkbook/stage05-limits/limitstest"
)

// TestLimits runs the stage 05 checks against your server. Run one check
// alone with, for example, go test ./stage05-limits/... -run 'Limits/reject'.
func TestLimits(t *testing.T) {
	limitstest.Run(t, limitstest.Impl{Serve: serve})
}

// serve runs your Server configured as a check asks.
func serve(ctx context.Context, ln net.Listener, cfg limitstest.Config) error {
	s := limits.Server{
		MaxConns: cfg.MaxConns,
		Policy:   limits.Policy(cfg.Policy),
		MaxLine:  cfg.MaxLine,
		Idle:     cfg.Idle,
		Drain:    cfg.Drain,
		Handler:  cfg.Handler,
		Sleep:    cfg.Sleep,
		Log:      cfg.Log,
	}
	return s.Serve(ctx, ln)
}
