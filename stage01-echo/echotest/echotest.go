// Package echotest is the stage 01 suite: the checks any echo server must
// pass (kit/echocheck), and those of Listen. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address.
package echotest

import (
	"net"
	"testing"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/echocheck"
)

// Config is what a check asks of the server. An echo server has nothing
// to configure; the type is there so that every stage's Serve has the
// same shape.
type Config struct{}

// Command is the echo command, with no flag but the kit's -addr.
func (Config) Command() (server string, flags []string) { return "", nil }

// Impl is the code under test.
type Impl struct {
	// Listen listens on the first of addrs that can be bound.
	Listen func(addrs ...string) (net.Listener, error)
	// Serve accepts connections on ln and echoes each one until ln is
	// closed (or ctx is cancelled, if it watches ctx).
	Serve check.Serve[Config]
}

// Run runs every stage 01 check against impl.
func Run(t *testing.T, impl Impl) {
	t.Helper()
	opt := echocheck.Options{AcceptTodo: 1, EchoTodo: 2, BufferTodo: 2, WatchCloses: true}
	s := listenSuite{listen: impl.Listen, serve: impl.Serve.Bind(Config{}), opt: opt}
	check.Run(t, Manifest.Suite(), append(echocheck.Cases(impl.Serve, Config{}, opt),
		check.Case{Name: "listen-fallback", Todo: 3, InProcess: true, Run: s.listenFallback},
		check.Case{Name: "ipv6", Todo: 3, InProcess: true, Run: s.ipv6},
	))
}

// listenSuite holds the Listen under test, and the server each check
// runs on what it returns; its methods are the checks.
type listenSuite struct {
	listen func(addrs ...string) (net.Listener, error)
	serve  check.ServeFunc
	opt    echocheck.Options
}
