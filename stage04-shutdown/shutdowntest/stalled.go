package shutdowntest

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
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
	for try := 1; try < 3 && !ln.stuck.Load(); try++ {
		c.Event("alice", "was hung up on before she stalled the server's writes: trying again")
		ln = s.floodServer(c, cfg)
	}
	c.Event("alice", "fell silent: still connected, reading nothing")
	wait := cfg.Idle + check.StopTimeout
	select {
	case <-ln.closed:
	case <-time.After(wait):
		c.Failf(msgStalledHandler, wait)
	case <-c.Expired():
	}
}

// floodServer starts a server with cfg on a watched listener, connects
// alice and floods it until she has stalled its writes to her (or it hung
// up on her first), and returns the listener.
func (s suite) floodServer(c *check.T, cfg Config) *watchedListener {
	c.Helper()
	ln := &watchedListener{Listener: listen(c), closed: make(chan struct{})}
	c.StartOn(ln, s.impl.Serve.Bind(cfg))
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	c.Flood(alice, ln.blocked)
	return ln
}

// shrinkBuffers makes the server's side of conn buffer little, as the
// client's side does, so that the stall comes soon (see check.Flood).
func shrinkBuffers(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
}

// watchedListener watches the first connection the server accepts: it
// closes closed when the server closes it, and blocked reports how long the
// server has been inside one Write to it.
type watchedListener struct {
	net.Listener
	closed chan struct{}
	once   sync.Once
	first  atomic.Pointer[watchedConn]
	// stuck is set once the server has been seen in one Write to the
	// first connection for check.StuckFor: the client really stalled it.
	stuck atomic.Bool
}

// blocked reports whether the server has been in one Write to the first
// connection for at least d, or has closed it.
func (l *watchedListener) blocked(d time.Duration) bool {
	select {
	case <-l.closed:
		return true
	default:
	}
	conn := l.first.Load()
	if conn == nil {
		return false
	}
	began := conn.writing.Load()
	if began != 0 && time.Since(time.Unix(0, began)) >= d {
		l.stuck.Store(true)
		return true
	}
	return false
}

func (l *watchedListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	first := false
	l.once.Do(func() { first = true })
	if !first {
		return conn, nil
	}
	shrinkBuffers(conn)
	watched := &watchedConn{Conn: conn, closed: l.closed}
	l.first.Store(watched)
	return watched, nil
}

// watchedConn closes closed on its first Close, and keeps the time the
// Write in progress began.
type watchedConn struct {
	net.Conn
	closed  chan struct{}
	once    sync.Once
	writing atomic.Int64 // UnixNano when the Write in progress began; 0 for none
}

func (c *watchedConn) Write(p []byte) (int, error) {
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	return c.Conn.Write(p)
}

func (c *watchedConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// listen opens a loopback listener that is closed when the check ends.
func listen(c *check.T) net.Listener {
	c.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	c.Cleanup(func() { ln.Close() })
	return ln
}
