package echocheck

import (
	"errors"
	"net"
	"sync/atomic"

	"tcpworkbook/kit/check"
)

// A connection closed by the accept loop, or by anything but its own
// handler, looks from the network just like an echo that returns at once:
// the client is hung up on with nothing back. In process the two differ
// inside: the handler's Read fails with net.ErrClosed, "use of closed
// network connection", because its own side was closed under it.

// closeWatch is a listener whose connections note a Read that failed
// because the server's own side was already closed.
type closeWatch struct {
	net.Listener
	closedUnder atomic.Bool
}

func (w *closeWatch) Accept() (net.Conn, error) {
	conn, err := w.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// Keep CloseWrite, SetNoDelay, SyscallConn and the rest.
		return &closeNotedTCP{TCPConn: tc, w: w}, nil
	}
	return &closeNoted{Conn: conn, w: w}, nil
}

// closeNotedTCP is closeNoted for a TCP connection, whose other methods
// it keeps.
type closeNotedTCP struct {
	*net.TCPConn
	w *closeWatch
}

func (c *closeNotedTCP) Read(p []byte) (int, error) {
	n, err := c.TCPConn.Read(p)
	if errors.Is(err, net.ErrClosed) {
		c.w.closedUnder.Store(true)
	}
	return n, err
}

type closeNoted struct {
	net.Conn
	w *closeWatch
}

func (c *closeNoted) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if errors.Is(err, net.ErrClosed) {
		c.w.closedUnder.Store(true)
	}
	return n, err
}

// noticeClosedUnder arranges that a failure in a case whose server closed
// a connection under its handler points at Options.AcceptTodo, where connections are
// handed over, rather than at the echo.
func (s suite[C]) noticeClosedUnder(c *check.T, w *closeWatch) {
	c.Note(func() string {
		if w.closedUnder.Load() {
			c.Diagnose(check.Symptom{ID: SymptomClosedUnder, Todo: s.AcceptTodo, Reading: readingClosedUnder})
		}
		return ""
	})
}
