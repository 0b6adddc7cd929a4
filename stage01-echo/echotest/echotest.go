// Package echotest is the stage 01 suite: the checks any echo server must
// pass. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address.
package echotest

import (
	"net"
	"testing"

	"tcpworkbook/kit/check"
)

// Config is what a check asks of the server. An echo server has nothing
// to configure; the type is there so that every stage's Serve has the
// same shape.
type Config struct{}

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
	s := suite{serve: impl.Serve.Bind(Config{}), listen: impl.Listen, bufferTodo: 2, watchCloses: true}
	check.Run(t, Manifest.Stage, append(s.streamCases(),
		check.Case{Name: "listen-fallback", Todo: 3, InProcess: true, Run: s.listenFallback},
		check.Case{Name: "ipv6", Todo: 3, InProcess: true, Run: s.ipv6},
	))
}

// StreamCases returns the checks of a byte-stream echo server, without
// those of Listen, so that a later stage can re-run them against its own
// server (stage 06 does, as the group "Echo", with check.Prefix). Their
// TODO numbers are stage 01's.
func StreamCases(serve check.ServeFunc) []check.Case {
	return suite{serve: serve, bufferTodo: 2, watchCloses: true}.streamCases()
}

// StreamCasesAt is StreamCases for a stage whose TODO bufferTodo holds
// the code that keeps each connection's bytes: a diagnosis of bytes that
// went wrong on the way (cut short, changed, or another client's) points
// there.
func StreamCasesAt(serve check.ServeFunc, bufferTodo int) []check.Case {
	return suite{serve: serve, bufferTodo: bufferTodo}.streamCases()
}

func (s suite) streamCases() []check.Case {
	return []check.Case{
		{Name: "short", Todo: 2, Run: s.short},
		{Name: "binary", Todo: 2, Run: s.binary},
		{Name: "concurrent", Todo: 1, Run: s.concurrent},
		{Name: "half-close", Todo: 2, Run: s.halfClose},
		{Name: "reset", Todo: 2, Run: s.reset},
		{Name: "goroutines", Todo: 2, InProcess: true, Run: s.goroutines},
		{Name: "serve-returns", Todo: 1, InProcess: true, Run: s.serveReturns},
	}
}

// suite holds the code under test; its methods are the checks.
type suite struct {
	serve      check.ServeFunc
	listen     func(addrs ...string) (net.Listener, error)
	bufferTodo int // see StreamCasesAt
	// watchCloses runs an in-process server on a listener that notices a
	// connection closed under its handler (closewatch.go). A later stage
	// whose server looks inside its connections (SyscallConn) runs
	// without it.
	watchCloses bool
}

// launch starts the server for a case, in-process or as WORKBOOK_CMD, and
// arranges for a failure to be read for what it shows (see diagnose.go).
func (s suite) launch(c *check.T) *check.Server {
	c.Helper()
	if check.External("") != "" || !s.watchCloses {
		srv := c.Launch(s.serve)
		c.Private(s.bufferTodo)
		noticeNoEcho(c, srv)
		return srv
	}
	// In process, the connections are also watched for one closed under
	// its handler (closewatch.go). That reading is more precise than
	// noticeNoEcho's, so its note comes after, and wins.
	w := &closeWatch{Listener: listenLocal(c)}
	srv := c.StartOn(w, s.serve)
	c.Private(s.bufferTodo)
	noticeNoEcho(c, srv)
	noticeClosedUnder(c, w)
	return srv
}

// listenLocal listens on a free loopback port for one case.
func listenLocal(c *check.T) net.Listener {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	return ln
}

// start is launch for a check that needs the server in-process.
func (s suite) start(c *check.T) *check.Server {
	c.Helper()
	srv := c.Start(s.serve)
	noticeNoEcho(c, srv)
	return srv
}

// startOn is start on a listener of the check's choosing.
func (s suite) startOn(c *check.T, ln net.Listener) *check.Server {
	c.Helper()
	srv := c.StartOn(ln, s.serve)
	noticeNoEcho(c, srv)
	return srv
}
