package miniredis_test

import (
	"context"
	"net"
	"testing"

	miniredis "tcpworkbook/stage07-miniredis"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

// TestMiniredis runs the stage 07 checks against your server. Run one check
// alone with, for example, go test ./stage07-miniredis/... -run 'Miniredis/ping'.
func TestMiniredis(t *testing.T) {
	miniredistest.Run(t, miniredistest.Impl{Serve: serve})
}

func serve(ctx context.Context, ln net.Listener, cfg miniredistest.Config) error {
	s := miniredis.Server{
		MaxBulk:     cfg.MaxBulk,
		MaxClients:  cfg.MaxClients,
		IdleTimeout: cfg.Timeout,
		PubSubLimit: cfg.PubSubLimit,
		Log:         cfg.Log,
	}
	return s.Serve(ctx, ln)
}
