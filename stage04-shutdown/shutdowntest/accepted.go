package shutdowntest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"tcpworkbook/kit/check"
)

// just-accepted: a connection accepted a moment before the shutdown is a
// handler like any other, and Serve waits for it. A WaitGroup counted in
// the handler's goroutine (wg.Add inside go func) rather than before the
// go statement misses it: the accept loop can reach wg.Wait before the
// new goroutine has run, see a count of zero, and return while the
// handler has not even started. The listener below stops the server in
// the very Accept that hands over the connection, which opens exactly
// that window; on two cores the goroutine may still win the race, so the
// check tries several times.
func (s suite) justAccepted(c *check.T) {
	for i := range justAcceptedTries {
		w := &stopOnAccept{Listener: c.Listen()}
		serve := s.impl.Serve.Bind(defaults())
		var openAtReturn atomic.Int32
		srv := c.StartOn(w, func(ctx context.Context, ln net.Listener) error {
			err := serve(ctx, ln)
			openAtReturn.Store(w.open())
			return err
		})
		w.srv.Store(srv)
		c.Dial(fmt.Sprintf("client%02d", i))
		if err := srv.Wait(check.StopTimeout); err != nil {
			return // a shutdown that fails is the other checks' to report
		}
		if n := openAtReturn.Load(); n > 0 {
			c.Failf(msgJustAccepted, i+1)
		}
	}
}

// justAcceptedTries is how often the check opens the window; one is
// enough on one core, where the new goroutine cannot run before the
// accept loop blocks.
const justAcceptedTries = 20

// stopOnAccept is a listener that stops the server under test as it
// hands over the first connection: it closes itself and cancels the
// server's context before Accept returns. It counts the connections it
// handed over that are not closed yet.
type stopOnAccept struct {
	net.Listener
	srv    atomic.Pointer[check.Server]
	once   sync.Once
	opened atomic.Int32
	closed atomic.Int32
}

func (w *stopOnAccept) Accept() (net.Conn, error) {
	conn, err := w.Listener.Accept()
	if err != nil {
		return nil, err
	}
	w.once.Do(func() {
		w.Listener.Close()
		if srv := w.srv.Load(); srv != nil {
			srv.Cancel()
		}
	})
	w.opened.Add(1)
	if tc, ok := conn.(*net.TCPConn); ok {
		return &closeCountedTCP{TCPConn: tc, closed: &w.closed}, nil
	}
	return &closeCounted{Conn: conn, closed: &w.closed}, nil
}

// open is how many handed-over connections are not closed yet.
func (w *stopOnAccept) open() int32 { return w.opened.Load() - w.closed.Load() }

// closeCounted counts its first Close in closed.
type closeCounted struct {
	net.Conn
	once   sync.Once
	closed *atomic.Int32
}

func (c *closeCounted) Close() error {
	c.once.Do(func() { c.closed.Add(1) })
	return c.Conn.Close()
}

// closeCountedTCP is closeCounted for a TCP connection, whose other
// methods it keeps.
type closeCountedTCP struct {
	*net.TCPConn
	once   sync.Once
	closed *atomic.Int32
}

func (c *closeCountedTCP) Close() error {
	c.once.Do(func() { c.closed.Add(1) })
	return c.TCPConn.Close()
}
