// Package echotest is the stage 01 suite: the checks any echo server must
// pass. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn.
//
// Every check talks to the server only through its TCP address.
package echotest

import (
	"context"
	"fmt"
	"net"
	"testing"

	"tcpworkbook/kit/check"
)

// Impl is the code under test.
type Impl struct {
	// Listen listens on the first of addrs that can be bound.
	Listen func(addrs ...string) (net.Listener, error)
	// Serve accepts connections on ln and echoes each one until ln is closed.
	Serve func(ln net.Listener) error
}

// Stage describes stage 01 for failure messages.
var Stage = check.Stage{
	Name: "Echo",
	File: "stage01-echo/echo.go",
	Todos: map[int]string{
		1: "the accept loop in Serve (accept, then hand each connection to its own goroutine)",
		2: "the read/write loop in echo (write back buf[:n] until EOF)",
		3: "Listen (try each address in order)",
	},
	ServeTodo: 1,
}

// Run runs every stage 01 check against impl.
func Run(t *testing.T, impl Impl) {
	s := suite{impl}
	check.Run(t, Stage, append(StreamCases(impl.Serve),
		check.Case{Name: "listen-fallback", Todo: 3, InProcess: true, Run: s.listenFallback},
		check.Case{Name: "ipv6", Todo: 3, InProcess: true, Run: s.ipv6},
	))
}

// StreamCases returns the checks of a byte-stream echo server, without
// those of Listen, so that a later stage can re-run them against its own
// server. Their TODO numbers are stage 01's.
func StreamCases(serve func(net.Listener) error) []check.Case {
	s := suite{Impl{Serve: serve}}
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

type suite struct{ impl Impl }

func (s suite) serve(ctx context.Context, ln net.Listener) error { return s.impl.Serve(ln) }

// short: a few bytes come back unchanged.
func (s suite) short(c *check.T) {
	c.Launch(s.serve)
	alice := c.Dial("alice")
	alice.Send("hello, world\n")
	alice.Expect("hello, world\n")
}

// binary: 1 MiB holding every byte value, written in uneven pieces, comes
// back intact. Reads return whatever has arrived, so a server must write
// back exactly buf[:n], not the whole buffer.
func (s suite) binary(c *check.T) {
	c.Launch(s.serve)
	data := check.RandomBytes(1<<20, 1)
	alice := c.Dial("alice")
	// Writing 1 MiB while nobody reads the echo would fill both sides'
	// buffers and deadlock, so alice writes in the background.
	c.Go(func() error { return alice.WriteChunks(data, []int{1, 7, 1000, 4096, 65537, 3}) })
	alice.ExpectBytes(data)
	c.Wait()
}

// concurrent: 100 clients connected at once each get their own bytes
// back, with no cross-talk. A server that serves one client at a time
// answers the first and leaves the second waiting.
func (s suite) concurrent(c *check.T) {
	c.Launch(s.serve)
	const n = 100
	clients := make([]*check.Client, n)
	for i := range clients {
		clients[i] = c.Dial(fmt.Sprintf("client%02d", i))
	}
	for round := range 3 {
		for i, cl := range clients {
			cl.Send(fmt.Sprintf("round %d from client %02d\n", round, i))
		}
		// Read back in a different order from the writes each round.
		for k := range clients {
			i := (k*37 + round) % n
			clients[i].Expect(fmt.Sprintf("round %d from client %02d\n", round, i))
		}
	}
}

// half-close: after the client shuts its sending side, everything it sent
// is still echoed, and then the server closes too.
func (s suite) halfClose(c *check.T) {
	c.Launch(s.serve)
	alice := c.Dial("alice")
	alice.Send("first, ")
	alice.Send("second, ")
	alice.Send("last")
	alice.CloseWrite()
	alice.Expect("first, second, last")
	alice.ExpectEOF()
}

// reset: a client that aborts its connection does not take the server
// down; the next client is served as usual.
func (s suite) reset(c *check.T) {
	c.Launch(s.serve)
	before := c.Goroutines()
	alice := c.Dial("alice")
	alice.Send("about to vanish\n")
	alice.Expect("about to vanish\n")
	alice.Send("unread bytes make the close a reset\n")
	alice.Reset()
	// Give the server the chance to notice the reset before bob arrives,
	// so a server that stops on it has stopped by then.
	c.Settle(before)
	bob := c.Dial("bob")
	bob.Send("still there?\n")
	bob.Expect("still there?\n")
}

// goroutines: once every client has gone, every handler goroutine has
// returned.
func (s suite) goroutines(c *check.T) {
	c.Start(s.serve)
	before := c.Goroutines()
	for i := range 10 {
		cl := c.Dial(fmt.Sprintf("client%d", i))
		cl.Send("ping\n")
		cl.Expect("ping\n")
		if i%2 == 0 {
			cl.Close()
		} else {
			cl.Reset()
		}
	}
	c.ExpectNoNewGoroutines(before, "every client has disconnected")
}

// serve-returns: closing the listener is how a server is told to stop,
// so Serve returns nil soon after.
func (s suite) serveReturns(c *check.T) {
	srv := c.Start(s.serve)
	alice := c.Dial("alice")
	alice.Send("hi\n")
	alice.Expect("hi\n")
	srv.Close()
	switch err := srv.Wait(check.StopTimeout); {
	case err == check.ErrStillRunning:
		c.Failf("Serve was still running %v after its listener was closed. When Accept fails with net.ErrClosed, the loop should end.", check.StopTimeout)
	case err != nil:
		c.Failf("Serve returned %q after its listener was closed. That is the normal way to stop a server, so return nil: test for it with errors.Is(err, net.ErrClosed).", err)
	}
}

// listen-fallback: Listen skips an address it cannot bind and uses the
// next one.
func (s suite) listenFallback(c *check.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	defer busy.Close()
	taken := busy.Addr().String()

	ln, err := s.impl.Listen(taken, "127.0.0.1:0")
	if err != nil {
		c.Failf("Listen(%q, %q) returned the error %q. The first address is in use, so Listen should have moved on to the second.", taken, "127.0.0.1:0", err)
	}
	defer ln.Close()
	if ln.Addr().String() == taken {
		c.Failf("Listen(%q, %q) returned a listener on %s, which another listener already holds.", taken, "127.0.0.1:0", taken)
	}
	if _, err := s.impl.Listen(taken); err == nil {
		c.Failf("Listen(%q) returned no error, but that address is in use and there is nothing else to try.", taken)
	}
	if ln, err := s.impl.Listen(); err == nil {
		if ln != nil {
			ln.Close()
		}
		c.Failf("Listen() with no addresses returned no error. With nothing to try, it should say so (errors.Join of no errors is nil: check for that case).")
	}
	c.StartOn(ln, s.serve)
	alice := c.Dial("alice")
	alice.Send("fallback\n")
	alice.Expect("fallback\n")
}

// ipv6: the server works on the IPv6 loopback address [::1].
func (s suite) ipv6(c *check.T) {
	probe, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		c.Skipf("this machine has no IPv6 loopback (%v); nothing to check", err)
	}
	probe.Close()
	ln, err := s.impl.Listen("[::1]:0")
	if err != nil {
		c.Failf("Listen(%q) returned the error %q, but this machine can listen there. Pass the address through unchanged, with the network \"tcp\", which takes IPv4 and IPv6 addresses alike (\"tcp4\" refuses IPv6 ones).", "[::1]:0", err)
	}
	c.StartOn(ln, s.serve)
	alice := c.Dial("alice")
	alice.Send("over IPv6\n")
	alice.Expect("over IPv6\n")
}
