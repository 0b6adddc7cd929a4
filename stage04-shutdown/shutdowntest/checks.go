package shutdowntest

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"tcpworkbook/kit/check"
)

// refuse-new: once the server is told to shut down, new connections are
// refused. A dial still succeeds while the listener is open, because the
// kernel accepts on the server's behalf.
func (s suite) refuseNew(c *check.T) {
	srv := check.Launch(c, s.impl.Serve, defaults())
	alice := c.Dial("alice")
	alice.Send("before the shutdown\n")
	alice.Expect("before the shutdown\n")
	srv.Cancel()
	if !refused(c, srv.Addr) {
		c.Failf(msgStillAccepting, check.StopTimeout)
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
	reads := &readWatch{Listener: c.Listen()}
	srv := check.LaunchOn(c, reads, s.impl.Serve, defaults())
	reads = reads.of(srv)
	alice, bob := c.Dial("alice"), c.Dial("bob")
	alice.Send("hello\n")
	alice.Expect("hello\n")
	bob.Send("hi\n")
	bob.Expect("hi\n")
	awaitReads(c, reads, 2)
	cancel(c, srv)
	c.Note(func() string { return noteNoGoodbye })
	for _, cl := range []*check.Client{alice, bob} {
		cl.Expect(goodbye)
		cl.ExpectEOF()
	}
}

// cancel tells the server to shut down, and makes later failure reports
// say what that asks of a handler blocked in Read, until the returned
// function is called: from then on the case checks something else.
func cancel(c *check.T, srv *check.Server) (done func()) {
	var explain atomic.Bool
	explain.Store(true)
	c.Note(func() string {
		if !explain.Load() {
			return ""
		}
		return fmt.Sprintf(noteCancelled, strconv.Quote(goodbye))
	})
	c.Event("case", "told the server to shut down (cancelled its context)")
	srv.Cancel()
	return func() { explain.Store(false) }
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
	srv := check.Launch(c, s.impl.Serve, cfg)
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
		return fmt.Sprintf(noteInFlight, len(line))
	})
	cancel(c, srv)
	expectReplyThenGoodbye(c, alice, line, &replied)
}

// expectReplyThenGoodbye reads the rest of a reply to line that the server
// was writing when it was told to shut down (cl has its first byte), then
// the goodbye and EOF. replied, if not nil, is set once the reply is all
// there.
//
// Having written the reply, the handler goes back to Read, which its
// wake-up should make fail at once. The wake-up fired while the handler
// was writing, though, and a deadline set after it undoes it: that is
// what an idle deadline pushed forward before every line (TODO(5)) does
// unless ctx is checked after it. The goodbye to an idle client still
// works in such a server, so a failure from here on is diagnosed as that
// mistake and points at TODO(5).
func expectReplyThenGoodbye(c *check.T, cl *check.Client, line []byte, replied *atomic.Bool) {
	c.Helper()
	if replied == nil {
		replied = new(atomic.Bool)
	}
	// Diagnosed only for a failure while the goodbye is awaited: a later
	// one (Serve's return, in handlers) is about something else.
	var awaiting atomic.Bool
	c.Note(func() string {
		if awaiting.Load() {
			c.Diagnose(check.Symptom{ID: symptomWakeUndone, Todo: 5, Reading: fmt.Sprintf(readingWakeUndone, cl.Name)})
		}
		return ""
	})
	expectLong(cl, line[1:])
	replied.Store(true)
	awaiting.Store(true)
	cl.Expect(goodbye)
	cl.ExpectEOF()
	awaiting.Store(false)
}

// handlers: Serve waits for every handler before it returns nil, and
// leaves no goroutine behind. Alice's handler is still writing her long
// reply, which she reads only after bob, who was idle, has been sent away.
func (s suite) handlers(c *check.T) {
	line := stallLine()
	cfg := defaults()
	cfg.MaxLine, cfg.Drain = len(line)-1, 5*time.Second
	before := c.Goroutines()
	reads := &readWatch{Listener: c.Listen()}
	srv := c.StartOn(reads, s.impl.Serve.Bind(cfg))
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	bob := c.Dial("bob")
	bob.Send("hello\n")
	bob.Expect("hello\n")
	stall(alice, line)
	awaitReads(c, reads, 1) // bob's; alice's handler is writing
	cancelled := cancel(c, srv)
	c.Todo(2) // bob is idle: this is the goodbye check again
	bob.Expect(goodbye)
	bob.ExpectEOF()

	// A correct Serve cannot return while alice's reply is unread, so
	// this wait only ever lasts its whole length for a correct server.
	cancelled()
	c.Todo(3)
	if err := srv.Wait(100 * time.Millisecond); !errors.Is(err, check.ErrStillRunning) {
		c.Failf(msgReturnedEarly, check.Describe(err))
	}
	expectReplyThenGoodbye(c, alice, line, nil)

	c.Todo(3)
	switch err := srv.Wait(check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf(msgNoReturnAfterDrain, check.StopTimeout)
	case err != nil:
		c.Failf(msgCleanDrainError, check.Describe(err), cfg.Drain)
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
	before := c.Goroutines()
	srv := c.Start(s.impl.Serve.Bind(cfg))
	alice, bob := c.Dial("alice"), c.Dial("bob")
	shrinkReceiveBuffer(c, alice)
	shrinkReceiveBuffer(c, bob)
	carol := c.Dial("carol")
	carol.Send("hello\n")
	carol.Expect("hello\n")
	stall(alice, line)
	stall(bob, line)
	cancelled := cancel(c, srv)
	carol.Expect(goodbye)
	carol.ExpectEOF()

	cancelled()
	switch err := srv.Wait(cfg.Drain + check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf(msgDrainForever, check.StopTimeout, cfg.Drain)
	case err == nil:
		c.Failf(msgDrainNil)
	case !cutTwo(err.Error()):
		c.Failf(msgDrainCount, err)
	}
	expectClosed(c, alice)
	expectClosed(c, bob)
	// Serve has returned: the handlers it cut off must have returned too,
	// or each shutdown leaves goroutines behind.
	c.ExpectNoNewGoroutines(before, "Serve has returned")
}

// cutTwo reports whether a drain error says that two connections were
// cut: it names the number 2, and not 0 ("cut 0 of 2" counted after the
// handlers had already gone).
func cutTwo(msg string) bool {
	return regexp.MustCompile(`\b2\b`).MatchString(msg) && !regexp.MustCompile(`\b0\b`).MatchString(msg)
}

// zero-config: a zero Idle or Drain means the default, as Server's fields
// say, not "no time at all". With both zero, a client is not hung up on
// as idle at once (TODO(5)), and a reply being written when the shutdown
// begins is finished, not cut (TODO(4)).
func (s suite) zeroConfig(c *check.T) {
	line := stallLine()
	cfg := Config{MaxLine: len(line) - 1}
	srv := c.Start(s.impl.Serve.Bind(cfg))
	c.Note(func() string { return noteZeroConfig })
	c.Todo(5)
	alice := c.Dial("alice")
	shrinkReceiveBuffer(c, alice)
	alice.ExpectSilence(check.Quiet)
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	stall(alice, line)
	c.Todo(4)
	cancel(c, srv)
	expectReplyThenGoodbye(c, alice, line, nil)
}

// wake-released: a connection that has come and gone leaves nothing
// behind. Each wake-up registered with context.AfterFunc stays on the
// server's context, holding its connection, until its stop function is
// called; a handler that drops it (instead of defer wake()) keeps every
// connection it ever served until the server shuts down. The check
// counts how many of the server's connections the garbage collector
// could free once their handlers had returned: a count, not a heap size,
// so that nothing the harness keeps of its own clients can blur it.
func (s suite) wakeReleased(c *check.T) {
	w := &freeWatch{Listener: c.Listen()}
	c.StartOn(w, s.impl.Serve.Bind(defaults()))
	mark := c.Goroutines()
	for i := range wakeConns {
		cl := c.Dial(fmt.Sprintf("client%03d", i))
		cl.Send("hello\n")
		cl.Expect("hello\n")
		cl.Close()
	}
	c.Settle(mark) // every handler has returned
	c.Eventually(check.StopTimeout, func() bool {
		runtime.GC() // cleanups run after the collection that frees their object
		return w.freed.Load() == w.accepted.Load()
	})
	if kept := w.accepted.Load() - w.freed.Load(); kept > wakeConns/10 {
		c.Failf(msgWakeKept, kept, w.accepted.Load())
	}
}

// wakeConns connections are enough that a dropped wake-up, which keeps
// every one, cannot be mistaken for the few a collection may not yet
// have freed.
const wakeConns = 100
