package shutdowntest

import (
	"errors"
	"fmt"
	"net"
	"strings"
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
	ln := &watchedListener{Listener: listen(c), closed: make(chan struct{})}
	c.StartOn(ln, s.impl.Serve.Bind(cfg))
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	flood(c, alice, ln.blocked)
	c.Event("alice", "fell silent: still connected, reading nothing")
	wait := cfg.Idle + check.StopTimeout
	select {
	case <-ln.closed:
	case <-time.After(wait):
		c.Failf(msgStalledHandler, wait)
	case <-c.Expired():
	}
}

// stuckFor is how long the server must have been inside one Write to the
// flooding client before the case believes it blocked there for good: a
// blocked Write never returns, while a busy machine can hold a goroutine
// that is merely about to write for a good part of check.Quiet.
const stuckFor = 3 * check.Quiet

// flood writes lines to cl without reading until blocked reports that the
// server has been in one Write to cl for stuckFor and cl has sent more
// than deadlocked: then the server can never finish its replies, however
// slowly a busy machine runs it, since they exceed every buffer between
// the two sides and cl reads none of them. It also stops at a write error
// (the server gave up on cl already), and after five seconds, whatever the
// server does.
func flood(c *check.T, cl *check.Client, blocked func(time.Duration) bool) {
	c.Helper()
	conn := cl.Conn()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10) // stall sooner
	}
	line := []byte(strings.Repeat("never read, ", 80) + "\n")
	total, end := 0, time.Now().Add(5*time.Second)
	for time.Now().Before(end) && !(total > deadlocked && blocked(stuckFor)) {
		conn.SetWriteDeadline(time.Now().Add(check.Quiet / 4))
		n, err := conn.Write(line)
		total += n
		var nerr net.Error
		if err != nil && !(errors.As(err, &nerr) && nerr.Timeout()) {
			break
		}
	}
	conn.SetWriteDeadline(time.Time{})
	c.Event(cl.Name, fmt.Sprintf("sent %d bytes of lines without reading a reply, until the server was stuck writing to her", total))
}

// deadlocked is more than the replies the buffers between a server and a
// client can hold once both sides' buffers are shrunk to 16 KiB (the
// kernel doubles that, and a send and a receive buffer sit on each side):
// a client that has sent this much and reads nothing holds the server in
// Write for good.
const deadlocked = 1 << 20

// shrinkBuffers makes the server's side of conn buffer little, as the
// client's side does, so that deadlocked is small.
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
	return began != 0 && time.Since(time.Unix(0, began)) >= d
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
