package mutants

import (
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/stage07-miniredis/miniredistest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestBase: the base server, with no part swapped, passes the whole
// suite, so that each mutant fails for its own mistake only.
func TestBase(t *testing.T) {
	miniredistest.Run(t, miniredistest.Impl{Serve: serveWith(func(*server) {})})
}
