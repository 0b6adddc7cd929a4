package echo_test

import (
	"testing"

	echo "tcpworkbook/stage01-echo"
	"tcpworkbook/stage01-echo/echotest"
)

// TestEcho runs the stage 01 checks against your server. Run one check
// alone with, for example, go test ./stage01-echo/... -run 'Echo/binary'.
func TestEcho(t *testing.T) {
	echotest.Run(t, echotest.Impl{Listen: echo.Listen, Serve: new(echo.Server).Serve})
}
