package shutdowntest

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// stalled-reader: a client that stops reading cannot hold a handler for
// ever. Alice floods lines without reading a reply until her writes
// stall, then falls silent, still connected. Her handler is blocked
// writing a reply; the idle timeout, set as a write deadline before each
// reply, must fail that write, and the handler must return and close her
// connection. The case watches the server's side of her connection, so
// it reads nothing and cannot unblock the write itself.
func (s suite) stalledReader(c *check.T) {
	cfg := defaults()
	// Long enough that a flooding client held up by a busy machine is not
	// taken for an idle one, which any server with a read deadline hangs up on.
	cfg.Idle = time.Second
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	ln := s.floodServer(c, cfg)
	// On a starved machine the server may hang up on alice as idle before
	// she ever stalls it; that run proves nothing either way, so the case
	// tries again with a fresh server and a fresh alice.
	for try := 1; try < 3 && !ln.Stalled(); try++ {
		c.Event("alice", "was hung up on before she stalled the server's writes: trying again")
		ln = s.floodServer(c, cfg)
	}
	c.Event("alice", "fell silent: still connected, reading nothing")
	wait := cfg.Idle + check.StopTimeout
	select {
	case <-ln.Closed():
	case <-time.After(wait):
		c.Failf(msgStalledHandler, wait)
	case <-c.Expired():
	}
}

// floodServer starts a server with cfg on a watched listener, connects
// alice and floods it until she has stalled its writes to her (or it hung
// up on her first), and returns the listener.
func (s suite) floodServer(c *check.T, cfg Config) *check.WriteWatch {
	c.Helper()
	ln := &check.WriteWatch{Listener: c.Listen()}
	c.StartOn(ln, s.impl.Serve.Bind(cfg))
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	c.Flood(alice, ln.Blocked)
	return ln
}
