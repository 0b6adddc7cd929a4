package check

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// WriteWatch is the listener of an in-process server for a check that
// floods a client until the server is stuck writing to it (see Flood):
// it makes the server's side of each connection it accepts buffer little,
// as the client's side does, so that the stall comes soon, and watches
// the last one it accepted.
type WriteWatch struct {
	net.Listener
	last atomic.Pointer[watchedConn]
}

// Accept accepts a connection, shrinks its buffers and watches it.
func (l *WriteWatch) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
	w := &watchedConn{Conn: conn, closed: make(chan struct{})}
	l.last.Store(w)
	return w, nil
}

// Blocked reports whether the server has been inside one Write to the
// last connection for at least d, or has closed it: what Flood waits for.
func (l *WriteWatch) Blocked(d time.Duration) bool {
	w := l.last.Load()
	if w == nil {
		return false
	}
	select {
	case <-w.closed:
		return true
	default:
	}
	began := w.writing.Load()
	return began != 0 && time.Since(time.Unix(0, began)) >= d
}

// Stalled reports whether the last connection's client has stalled the
// server: it is inside a Write to it now, or a Write to it failed on its
// deadline. A server that hung up first (as idle, on a starved machine)
// was not stalled, and the check proves nothing either way.
func (l *WriteWatch) Stalled() bool {
	w := l.last.Load()
	return w != nil && (w.writing.Load() != 0 || w.timedOut.Load())
}

// Closed is closed when the server closes the last connection it
// accepted; nil before the first.
func (l *WriteWatch) Closed() <-chan struct{} {
	if w := l.last.Load(); w != nil {
		return w.closed
	}
	return nil
}

// watchedConn keeps the time the Write in progress began, whether a Write
// failed on its deadline, and closes closed on its first Close.
type watchedConn struct {
	net.Conn
	writing  atomic.Int64 // UnixNano; 0 when no Write is in progress
	timedOut atomic.Bool
	closed   chan struct{}
	once     sync.Once
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

func (c *watchedConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
