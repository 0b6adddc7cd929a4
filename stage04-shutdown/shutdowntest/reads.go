package shutdowntest

import (
	"net"
	"runtime"
	"sync/atomic"

	"tcpworkbook/kit/check"
)

// A client that has just had its reply is not yet idle: the server's
// handler is still on its way back to Read, where a shutdown's wake-up
// finds it. Telling the server to stop in that moment checks something
// else (what a handler does between a reply and its next Read, TODO(5)),
// and a busy machine makes the moment long. In process, the checks that
// mean "idle clients" wait until the server really is in Read.

// readWatch is a listener that counts the server's goroutines blocked in
// Read on the connections it accepted.
type readWatch struct {
	net.Listener
	reading atomic.Int32
}

func (w *readWatch) Accept() (net.Conn, error) {
	conn, err := w.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// Keep CloseRead, CloseWrite, SyscallConn and the rest, which a
		// server may use through an interface.
		return &readCountedTCP{TCPConn: tc, reading: &w.reading}, nil
	}
	return &readCounted{Conn: conn, reading: &w.reading}, nil
}

// readCounted counts itself in reading while a Read is in progress.
type readCounted struct {
	net.Conn
	reading *atomic.Int32
}

func (c *readCounted) Read(p []byte) (int, error) {
	c.reading.Add(1)
	defer c.reading.Add(-1)
	return c.Conn.Read(p)
}

// readCountedTCP is readCounted for a TCP connection, whose other
// methods it keeps.
type readCountedTCP struct {
	*net.TCPConn
	reading *atomic.Int32
}

func (c *readCountedTCP) Read(p []byte) (int, error) {
	c.reading.Add(1)
	defer c.reading.Add(-1)
	return c.TCPConn.Read(p)
}

// of returns w if srv was started on it, and nil for an external
// command's server, which opened a listener of its own: w saw nothing.
func (w *readWatch) of(srv *check.Server) *readWatch {
	if srv.Listener == nil {
		return nil
	}
	return w
}

// awaitReads waits, for a bounded time, until n of the server's
// connections are blocked in Read. It never fails the case: a server that
// does not get back to Read is caught by what the case checks next.
func awaitReads(c *check.T, w *readWatch, n int) {
	if w == nil {
		return
	}
	c.Eventually(check.StopTimeout, func() bool { return int(w.reading.Load()) >= n })
}

// freeWatch is a listener that counts the connections it accepted and
// how many of them the garbage collector has since freed.
type freeWatch struct {
	net.Listener
	accepted, freed atomic.Int32
}

func (w *freeWatch) Accept() (net.Conn, error) {
	conn, err := w.Listener.Accept()
	if err != nil {
		return nil, err
	}
	w.accepted.Add(1)
	if tc, ok := conn.(*net.TCPConn); ok {
		runtime.AddCleanup(tc, func(n *atomic.Int32) { n.Add(1) }, &w.freed)
	} else {
		w.freed.Add(1) // not ours to follow; count it as freed
	}
	return conn, nil
}
