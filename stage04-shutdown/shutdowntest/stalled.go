package shutdowntest

import (
	"fmt"
	"net"
	"strings"
	"sync"
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
	cfg.Idle = 300 * time.Millisecond
	ln := &watchedListener{Listener: listen(c), closed: make(chan struct{})}
	c.StartOn(ln, s.impl.Serve.Bind(cfg))
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	flood(c, alice)
	c.Event("alice", "fell silent: still connected, reading nothing")
	wait := cfg.Idle + check.StopTimeout
	select {
	case <-ln.closed:
	case <-time.After(wait):
		c.Failf(msgStalledHandler, wait)
	case <-c.Expired():
	}
}

// flood writes lines to cl without reading until a write makes no
// progress for check.Quiet, which means the server has stopped reading:
// its replies fill cl's receive buffer and its own send buffer, so it is
// blocked writing one. It also stops at a write error (the server gave up
// on cl already) and after 1 GiB, whatever the server does.
func flood(c *check.T, cl *check.Client) {
	c.Helper()
	conn := cl.Conn()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10) // stall sooner
	}
	line := []byte(strings.Repeat("never read, ", 80) + "\n")
	total := 0
	for total < 1<<30 {
		conn.SetWriteDeadline(time.Now().Add(check.Quiet))
		n, err := conn.Write(line)
		total += n
		if err != nil {
			break
		}
	}
	conn.SetWriteDeadline(time.Time{})
	c.Event(cl.Name, fmt.Sprintf("sent %d bytes of lines without reading a reply, until her writes stalled", total))
}

// watchedListener closes closed when the server closes the first
// connection it accepted.
type watchedListener struct {
	net.Listener
	closed chan struct{}
	once   sync.Once
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
	return &watchedConn{Conn: conn, closed: l.closed}, nil
}

// watchedConn closes closed on its first Close.
type watchedConn struct {
	net.Conn
	closed chan struct{}
	once   sync.Once
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
