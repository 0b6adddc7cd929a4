package limitstest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"time"

	"tcpworkbook/kit/check"
)

// stalled-reader: a client that stops reading cannot hold a slot for
// ever. With -max-conns 1, alice floods lines without reading a reply
// until her writes stall, then falls silent, still connected. Her handler
// is blocked writing a reply; the line echo's write deadline (-idle) must
// fail that write, and her slot come back, so that bob is served.
func (s *suite) stalledReader(c *check.T) {
	// -idle is long enough that a flooding client held up by a busy
	// machine is not taken for an idle one, which any server hangs up on.
	cfg := Config{MaxConns: 1, Policy: "reject", Idle: time.Second}
	// In process, the case sees when the server is stuck writing to
	// alice; an external command can only be judged by alice's own
	// writes stalling.
	blocked := func(time.Duration) bool { return false }
	stalled := func() bool { return true }
	if check.External("") == "" {
		ln := &writeWatch{Listener: listen(c)}
		s.start(c, ln, cfg)
		blocked, stalled = ln.blocked, ln.stalled
	} else {
		s.launch(c, cfg)
	}
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := admit(c, "alice", "The server has just started.")
	c.Flood(alice, blocked)
	// On a starved machine the server may hang up on alice as idle
	// before she ever stalls it; that proves nothing either way, so the
	// case tries again with a fresh alice.
	for try := 1; try < 3 && !stalled(); try++ {
		c.Event("alice", "was hung up on before she stalled the server's writes: trying again")
		alice.Close()
		alice = admitWithin(c, "alice", cfg.Idle+check.StopTimeout, whyStalledSlot)
		c.Flood(alice, blocked)
	}
	c.Event("alice", "fell silent: still connected, reading nothing")
	c.Todo(2)
	bob := admitWithin(c, "bob", cfg.Idle+check.StopTimeout, whyStalledSlot)
	say(bob, "my turn\n")
}

// shrinkBuffers makes the server's side of conn buffer little, as the
// client's side does, so that the stall comes soon (see check.Flood). Only an in-process
// server's connections pass through the case's listener.
func shrinkBuffers(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
}

// writeWatch is a listener that keeps, for the last connection it
// accepted, the time the server's Write in progress on it began.
type writeWatch struct {
	net.Listener
	last atomic.Pointer[atomic.Int64]
	conn atomic.Pointer[watchedConn] // the last connection accepted
}

func (l *writeWatch) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	shrinkBuffers(conn)
	w := &watchedConn{Conn: conn}
	l.last.Store(&w.writing)
	l.conn.Store(w)
	return w, nil
}

// blocked reports whether the server has been in one Write to the last
// connection it accepted for at least d.
func (l *writeWatch) blocked(d time.Duration) bool {
	writing := l.last.Load()
	if writing == nil {
		return false
	}
	began := writing.Load()
	return began != 0 && time.Since(time.Unix(0, began)) >= d
}

// stalled reports whether the last connection's client has stalled the
// server: it is inside a Write to it now, or a Write to it failed on its
// deadline.
func (l *writeWatch) stalled() bool {
	conn := l.conn.Load()
	return conn != nil && (conn.writing.Load() != 0 || conn.timedOut.Load())
}

// watchedConn keeps the time the Write in progress began, and whether a
// Write has failed on its deadline.
type watchedConn struct {
	net.Conn
	writing  atomic.Int64 // UnixNano; 0 when no Write is in progress
	timedOut atomic.Bool
}

func (c *watchedConn) Write(p []byte) (int, error) {
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	n, err := c.Conn.Write(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.timedOut.Store(true)
	}
	return n, err
}
