package perftest

import (
	"fmt"
	"net"
	"sync/atomic"
	"syscall"

	"tcpworkbook/kit/check"
)

// eagainRoundTrips is how many messages eagain echoes one at a time.
const eagainRoundTrips = 20

// eagain: an inline write that finds the socket full hands the whole chunk
// to the writer, and never waits. On loopback a socket is hardly ever
// full at the moment of an inline write, so the check makes it so: its
// listener hands the server connections whose RawConn.Write, every other
// time, calls the write function with a socket whose send buffer is full.
// A write function that returns false there would park the reader; one
// that takes EAGAIN's n = -1 for a count, or EAGAIN for a failure, spoils
// the echo.
func (s suite) eagain(c *check.T) {
	full, closeFull, err := fullSocket()
	if err != nil {
		c.Skipf("cannot make a full socket here: %v", err)
	}
	c.Cleanup(closeFull)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	el := &eagainListener{Listener: ln, full: uintptr(full)}
	c.StartOn(el, s.impl.Serve.Bind(Config{}))
	alice := c.Dial("alice")
	c.Event(alice.Name, "every other write of the server's through RawConn.Write finds the socket full (EAGAIN)")
	c.Note(func() string {
		if el.parked.Load() {
			return "" // the headline says it
		}
		return msgEAGAINNotFailure
	})
	for i := range eagainRoundTrips {
		msg := fmt.Sprintf("message %d\n", i+1)
		alice.Send(msg)
		alice.Expect(msg)
		if el.parked.Load() {
			c.Failf(msgParkedOnEAGAIN)
		}
	}
	if el.fullWrites.Load() == 0 {
		c.Failf(msgNoRawWrite, eagainRoundTrips)
	}
}

// eagainListener hands over connections whose raw socket makes every
// other RawConn.Write find no room.
type eagainListener struct {
	net.Listener
	full       uintptr      // a socket whose send buffer is full
	writes     atomic.Int64 // RawConn.Write calls so far
	fullWrites atomic.Int64 // of which shown the full socket
	parked     atomic.Bool  // a write function returned false there
}

func (l *eagainListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if tc, ok := conn.(*net.TCPConn); ok {
		return &eagainConn{TCPConn: tc, l: l}, nil
	}
	return conn, err
}

// eagainConn is a TCP connection whose SyscallConn is an eagainRaw.
type eagainConn struct {
	*net.TCPConn
	l *eagainListener
}

func (c *eagainConn) SyscallConn() (syscall.RawConn, error) {
	raw, err := c.TCPConn.SyscallConn()
	if err != nil {
		return nil, err
	}
	return &eagainRaw{RawConn: raw, l: c.l}, nil
}

// eagainRaw passes reads through, and every other write shows f the full
// socket first, as the kernel does when the client has stopped reading.
type eagainRaw struct {
	syscall.RawConn
	l *eagainListener
}

func (r *eagainRaw) Write(f func(fd uintptr) bool) error {
	if r.l.writes.Add(1)%2 == 0 {
		return r.RawConn.Write(f)
	}
	r.l.fullWrites.Add(1)
	if f(r.l.full) {
		return nil // f took the full socket in its stride: nothing was written
	}
	// A real RawConn.Write would now park this goroutine, the reader,
	// until the client reads. Note it, and let the write go on for real.
	r.l.parked.Store(true)
	return r.RawConn.Write(f)
}

// eofQueuedSize is what alice sends in eofQueued: more than loopback's
// kernel buffers hold (about 9 MiB on the build machine), and less than
// the server's queue of eofQueuedQueue chunks does alone, so that alice
// never waits to send it all.
const (
	eofQueuedSize  = 12 << 20
	eofQueuedQueue = 2048
)

// eofQueued: a client sends more than the kernel's buffers hold, then
// half-closes, and reads only once the server has read everything, EOF
// included. By then chunks wait in the server's queue, and the server must
// not close the connection before the writer has sent them: at EOF it
// waits for the writer whenever the count of chunks in flight is not 0.
func (s suite) eofQueued(c *check.T) {
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Queue: eofQueuedQueue, Pool: p}))
	c.Note(p.explainPoison(c))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	data := check.RandomBytes(eofQueuedSize, 7)
	c.Go(func() error { return alice.WriteChunks(data, []int{64 << 10}) })
	c.Wait()
	alice.CloseWrite()
	// Let the server read the rest and EOF, and do whatever it does then:
	// return, and close, or wait for its writer.
	quiesce()
	c.Note(func() string { return msgEOFQueued })
	alice.ExpectBytes(data)
	alice.ExpectEOF()
}
