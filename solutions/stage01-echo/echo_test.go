package echo_test

import (
	"net"
	"testing"

	"go.uber.org/goleak"

	"tcpworkbook/kit/check"
	echo "tcpworkbook/solutions/stage01-echo"
	"tcpworkbook/solutions/stage01-echo/mutants"
	"tcpworkbook/stage01-echo/echotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEcho(t *testing.T) {
	echotest.Run(t, echotest.Impl{Listen: echo.Listen, Serve: new(echo.Server).Serve})
}

// Each mutant makes one common mistake; the named check must catch it.
func TestMutants(t *testing.T) {
	known := []check.Mutant{
		{Name: "whole-buffer", Check: "binary"},
		{Name: "one-at-a-time", Check: "concurrent"},
		{Name: "ignore-eof", Check: "half-close"},
		{Name: "first-read-only", Check: "binary"},
		{Name: "exit-on-reset", Check: "reset"},
		{Name: "leak", Check: "goroutines"},
		{Name: "closed-is-error", Check: "serve-returns", Says: "net.ErrClosed"},
		{Name: "first-address-only", Check: "listen-fallback"},
	}
	// Without an IPv6 loopback the ipv6 check skips, and a skip is not the
	// failure this mutant must cause.
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		ln.Close()
		known = append(known, check.Mutant{Name: "tcp4-only", Check: "ipv6", Says: "listen tcp4"})
	} else {
		t.Logf("not trying mutant tcp4-only: this machine has no IPv6 loopback (%v)", err)
	}
	check.Mutants(t, known, func(t *testing.T, name string) {
		impl := echotest.Impl{Listen: echo.Listen, Serve: mutants.Servers[name]}
		if listen, ok := mutants.Listens[name]; ok {
			impl = echotest.Impl{Listen: listen, Serve: new(echo.Server).Serve}
		}
		echotest.Run(t, impl)
	})
}
