package shutdowntest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tcpworkbook/kit/check"
)

// refuse-new: once the server is told to shut down, new connections are
// refused. A dial still succeeds while the listener is open, because the
// kernel accepts on the server's behalf.
func (s suite) refuseNew(c *check.T) {
	srv := s.launch(c, defaults())
	alice := c.Dial("alice")
	alice.Send("before the shutdown\n")
	alice.Expect("before the shutdown\n")
	srv.Cancel()
	if !refused(c, srv.Addr) {
		c.Failf("new connections were still accepted %v after the server was told to shut down (its context was cancelled). Accept does not watch the context: the listener must be closed for dials to be refused.", check.StopTimeout)
	}
}

// refused dials addr until the dial fails, for up to StopTimeout, and
// reports whether it did. The listener is closed by another goroutine
// after the cancel, so the first dials may still get through.
func refused(c *check.T, addr string) bool {
	deadline := time.Now().Add(check.StopTimeout)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, check.ReadTimeout)
		if err != nil {
			return true
		}
		conn.Close()
		select {
		case <-time.After(10 * time.Millisecond):
		case <-c.Expired():
			return false
		}
	}
	return false
}

// goodbye: clients that are connected but quiet, each blocked in the
// server's Read, get "server shutting down\n" and then EOF.
func (s suite) goodbye(c *check.T) {
	srv := s.launch(c, defaults())
	alice, bob := c.Dial("alice"), c.Dial("bob")
	alice.Send("hello\n")
	alice.Expect("hello\n")
	bob.Send("hi\n")
	bob.Expect("hi\n")
	cancel(c, srv)
	c.Note(func() string {
		return "if a client got EOF and no goodbye, its handler was woken but hung up without a word. farewell needs a case for the deadline error while the context is done: errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil. And the wake-up must set only the read deadline: conn.SetDeadline or conn.Close make the goodbye's own write fail."
	})
	for _, cl := range []*check.Client{alice, bob} {
		cl.Expect(goodbye)
		cl.ExpectEOF()
	}
}

// cancel tells the server to shut down, and makes every later failure
// report say so.
func cancel(c *check.T, srv *check.Server) {
	var done atomic.Bool
	c.Note(func() string {
		if !done.Load() {
			return ""
		}
		return "the case told the server to shut down (cancelled its context) after the last exchange it had waited for. From then on, each handler blocked in Read must be woken at once, say " + strconv.Quote(goodbye) + " and close its connection, without waiting for the client."
	})
	done.Store(true)
	c.Event("case", "told the server to shut down (cancelled its context)")
	srv.Cancel()
}

// in-flight: a reply that is being written when the shutdown begins is
// finished before the goodbye. Alice sends a line longer than the socket
// buffers hold and reads one byte of its reply, so the server is in the
// middle of writing it. Then the server is told to shut down, and only
// then does she read the rest.
func (s suite) inFlight(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 5*time.Second
	srv := s.launch(c, cfg)
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	stall(alice, line)
	var replied atomic.Bool
	c.Note(func() string {
		if replied.Load() {
			return ""
		}
		return fmt.Sprintf("alice's line is %d bytes, more than the socket buffers hold, so when the shutdown began the server was still writing its reply. Waking the handler must not cut that reply: a read deadline in the past leaves writes alone, but conn.Close or conn.SetDeadline (read and write) does not.", len(line))
	})
	cancel(c, srv)
	expectReplyThenGoodbye(c, alice, line, &replied)
}

// expectReplyThenGoodbye reads the rest of a reply to line that the server
// was writing when it was told to shut down (cl has its first byte), then
// the goodbye and EOF. replied, if not nil, is set once the reply is all
// there; failures from then on point at TODO(2).
//
// Having written the reply, the handler goes back to Read, which its
// wake-up should make fail at once. The wake-up fired while the handler
// was writing, though, and a deadline set after it undoes it: that is
// what an idle deadline pushed forward before every line (TODO(5)) does
// unless ctx is checked after it. The goodbye to an idle client still
// works in such a server, so the note names that mistake.
func expectReplyThenGoodbye(c *check.T, cl *check.Client, line []byte, replied *atomic.Bool) {
	c.Helper()
	if replied == nil {
		replied = new(atomic.Bool)
	}
	c.Note(func() string {
		if !replied.Load() {
			return ""
		}
		return fmt.Sprintf("%s received her whole reply, so the wake-up left the write alone, but no goodbye followed. The wake-up fired while her handler was still writing; when the handler went back to Read, that Read should have failed at once, its deadline being in the past. It did not, so a later read deadline replaced the wake-up's. Usually that is an idle deadline set after the wake-up, which undid it: re-check ctx.Err() after extending the deadline (TODO(5)), and if the context is done, set the read deadline to time.Now() again. If you have no idle deadline yet, look for what else sets a read deadline in converse (TODO(2)).", cl.Name)
	})
	expectLong(cl, line[1:])
	replied.Store(true)
	c.Todo(2)
	cl.Expect(goodbye)
	cl.ExpectEOF()
}

// handlers: Serve waits for every handler before it returns nil, and
// leaves no goroutine behind. Alice's handler is still writing her long
// reply, which she reads only after bob, who was idle, has been sent away.
func (s suite) handlers(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 5*time.Second
	before := c.Goroutines()
	srv := c.Start(s.serve(cfg))
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	bob := c.Dial("bob")
	bob.Send("hello\n")
	bob.Expect("hello\n")
	stall(alice, line)
	cancel(c, srv)
	c.Todo(2) // bob is idle: this is the goodbye check again
	bob.Expect(goodbye)
	bob.ExpectEOF()

	// A correct Serve cannot return while alice's reply is unread, so
	// this wait only ever lasts its whole length for a correct server.
	c.Todo(3)
	if err := srv.Wait(100 * time.Millisecond); !errors.Is(err, check.ErrStillRunning) {
		c.Failf("Serve returned %s while alice's handler was still writing her reply. Serve must wait until every handler has returned: the caller may exit as soon as Serve returns, which would cut alice off.", check.Describe(err))
	}
	expectReplyThenGoodbye(c, alice, line, nil)

	c.Todo(3)
	switch err := srv.Wait(check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf("Serve was still running %v after the last connection had closed. Once every handler has returned, the shutdown is over: return nil.", check.StopTimeout)
	case err != nil:
		c.Failf("Serve returned %s, but every connection finished well within the drain timeout (%v), so it should return nil.", check.Describe(err), cfg.Drain)
	}
	c.ExpectNoNewGoroutines(before, "Serve has returned")
}

// drain-timeout: connections that cannot finish within the drain timeout
// are closed, and Serve's error says how many. Alice and bob never read
// their long replies; carol is idle and leaves at once.
func (s suite) drainTimeout(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 300*time.Millisecond
	srv := c.Start(s.serve(cfg))
	alice, bob := c.Dial("alice"), c.Dial("bob")
	shrinkReceiveBuffer(c, alice)
	shrinkReceiveBuffer(c, bob)
	carol := c.Dial("carol")
	carol.Send("hello\n")
	carol.Expect("hello\n")
	stall(alice, line)
	stall(bob, line)
	cancel(c, srv)
	carol.Expect(goodbye)
	carol.ExpectEOF()

	switch err := srv.Wait(cfg.Drain + check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf("Serve was still waiting %v after the drain timeout of %v. alice and bob will never read their replies, so their handlers stay blocked in Write until their connections are closed. After the drain timeout, close them and return.", check.StopTimeout, cfg.Drain)
	case err == nil:
		c.Failf("Serve returned nil, but alice's and bob's handlers could not have finished: neither reads. After the drain timeout Serve should close their connections and return an error that says how many it cut: 2.")
	case !regexp.MustCompile(`\b2\b`).MatchString(err.Error()):
		c.Failf("Serve returned the error %q, which does not say how many connections it cut: 2 (alice and bob).", err)
	}
	expectClosed(c, alice)
	expectClosed(c, bob)
}

// idle: a client that sends nothing for the idle timeout gets "idle
// timeout\n" and EOF. Bob never sends a byte; alice sends one line first.
func (s suite) idle(c *check.T) {
	cfg := defaults()
	cfg.Idle = 200 * time.Millisecond
	s.launch(c, cfg)
	c.Note(func() string {
		return fmt.Sprintf("the server runs with -idle %v: a client that sends nothing for that long gets %q and the connection is closed.", cfg.Idle, idleNotice)
	})
	bob := c.Dial("bob")
	alice := c.Dial("alice")
	alice.Send("one line, then silence\n")
	alice.Expect("one line, then silence\n")
	for _, cl := range []*check.Client{alice, bob} {
		cl.Expect(idleNotice)
		cl.ExpectEOF()
	}
}

// chatty: a client that keeps talking is never cut off. With a 300 ms idle
// timeout, alice sends a line every 100 ms for a second, more than three
// idle timeouts in all.
func (s suite) chatty(c *check.T) {
	cfg := defaults()
	cfg.Idle = 300 * time.Millisecond
	s.launch(c, cfg)
	c.Note(func() string {
		return fmt.Sprintf("the server runs with -idle %v, and alice sends a line every 100ms. Deadlines are points in time: a deadline set once, when she connected, cuts her off however much she talks. Push it forward before every line.", cfg.Idle)
	})
	alice := c.Dial("alice")
	for i := range 10 {
		line := fmt.Sprintf("line %d, at about %d ms\n", i, 100*i)
		alice.Send(line)
		alice.Expect(line)
		time.Sleep(100 * time.Millisecond) // pacing, not waiting for the server
	}
}

// stallLine returns a line that the server cannot answer while its
// client does not read: longer than the server's socket send buffer can
// grow to plus the client's (shrunken) receive buffer. It ends in "\n".
var stallLine = sync.OnceValue(func() []byte {
	size := 16 << 20
	// On Linux the send buffer grows up to the last number in tcp_wmem.
	if b, err := os.ReadFile("/proc/sys/net/ipv4/tcp_wmem"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 3 {
			if n, err := strconv.Atoi(f[2]); err == nil {
				size = max(8<<20, 2*n)
			}
		}
	}
	const pattern = "abcdefghijklmnopqrstuvwxyz0123456789"
	line := make([]byte, size+1)
	for i := range size {
		line[i] = pattern[i%len(pattern)]
	}
	line[size] = '\n'
	return line
})

// shrinkReceiveBuffer makes cl's receive buffer small, so that a reply
// the client does not read fills it quickly. Call it before any data
// arrives.
func shrinkReceiveBuffer(c *check.T, cl *check.Client) {
	c.Helper()
	if tc, ok := cl.Conn().(*net.TCPConn); ok {
		if err := tc.SetReadBuffer(16 << 10); err != nil {
			c.Fatalf("the harness could not shrink %s's receive buffer: %v", cl.Name, err)
		}
	}
}

// stall sends line and waits for the first byte of its reply. From then
// on the server is writing a reply that cannot all fit in the buffers
// between the two sides, so its handler is blocked in Write until cl
// reads the rest.
func stall(cl *check.Client, line []byte) {
	cl.SendBytes(line)
	cl.ExpectBytes(line[:1])
}

// expectLong is ExpectBytes for megabytes, a piece at a time.
func expectLong(cl *check.Client, want []byte) {
	const piece = 256 << 10
	for len(want) > 0 {
		n := min(piece, len(want))
		cl.ExpectBytes(want[:n])
		want = want[n:]
	}
}

// expectClosed reads and discards what is left for cl and stops the case
// unless the connection then ends, with EOF or a reset.
func expectClosed(c *check.T, cl *check.Client) {
	c.Helper()
	conn := cl.Conn()
	conn.SetReadDeadline(time.Now().Add(check.ReadTimeout))
	_, err := io.Copy(io.Discard, conn)
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		c.Failf("Serve has returned, but %s's connection is still open: the connections that did not drain in time must be closed.", cl.Name)
	}
}
