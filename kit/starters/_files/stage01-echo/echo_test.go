package echo_test

import (
	"context"
	"net"
	"testing"

	echo "tcpworkbook/stage01-echo"
	"tcpworkbook/stage01-echo/echotest"
)

// TestEcho runs the stage 01 checks against your server. Run one check
// alone with, for example, go test ./stage01-echo/... -run 'Echo/binary'.
func TestEcho(t *testing.T) {
	echotest.Run(t, echotest.Impl{Listen: echo.Listen, Serve: serve})
}

// serve runs your Server as a check asks. An echo server has nothing to
// configure, so cfg is empty.
func serve(_ context.Context, ln net.Listener, _ echotest.Config) error {
	return new(echo.Server).Serve(ln)
}
