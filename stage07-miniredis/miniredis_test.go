package miniredis_test

import (
	"context"
	"net"
	"testing"

	miniredis "tcpworkbook/stage07-miniredis"
	"tcpworkbook/stage07-miniredis/miniredistest"
)

// TestMiniredis runs the stage 07 checks against your server. Run one check
// alone with, for example, go test ./stage07-miniredis/... -run 'Miniredis/first'.
func TestMiniredis(t *testing.T) {
	miniredistest.Run(t, miniredistest.Impl{Serve: serve})
}

func serve(ctx context.Context, ln net.Listener, _ miniredistest.Config) error {
	return new(miniredis.Server).Serve(ctx, ln)
}
