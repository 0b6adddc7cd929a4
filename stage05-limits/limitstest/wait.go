package limitstest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// wait: under the wait policy, a client over the limit is neither served
// nor turned away. Its first line is answered only after one of the first
// three leaves, and then promptly.
func (s *suite) wait(c *check.T) {
	s.launch(c, Config{MaxConns: limit, Policy: "wait"})
	c.Note(func() string {
		return fmt.Sprintf("the server runs with -max-conns %d -policy wait. While alice, bob and carol hold every slot, dave's line must wait (in the kernel's backlog, unaccepted); once alice leaves, it must be answered.", limit)
	})
	c.Todo(1)
	alice, bob, carol := fill(c)

	c.Todo(4)
	dave := c.Dial("dave")
	dave.Send("hello from dave\n")
	dave.ExpectSilence(quiet)
	alice.Close()
	dave.Expect("hello from dave\n")
	say(bob, "still here\n")
	say(carol, "me too\n")
	say(dave, "glad to be in\n")
}

// wait-before-accept: under the wait policy, the server waits for a free
// slot before it calls Accept, not after. A client over the limit then
// stays in the kernel's backlog and costs the server nothing, not even a
// file descriptor.
func (s *suite) waitBeforeAccept(c *check.T) {
	ln := &fakeListener{Listener: listen(c)}
	s.start(c, ln, Config{MaxConns: limit, Policy: "wait"})
	c.Todo(1)
	alice, _, _ := fill(c)

	c.Todo(4)
	select {
	case <-ln.calls.reached(limit + 1):
		c.Failf("with all %d slots taken, Serve called Accept a %dth time. Under the wait policy, take a slot first and call Accept only once you hold one: a connection accepted early holds a file descriptor while it waits, and the wait is no longer the kernel's.", limit, limit+1)
	case <-time.After(quiet):
	}
	dave := c.Dial("dave")
	dave.Send("hello from dave\n")
	alice.Close()
	dave.Expect("hello from dave\n")
}

// wait-stop: a server waiting for a free slot still stops when its context
// is cancelled. Bob's line goes unanswered first, which shows that Serve is
// waiting for a slot when the cancel comes. alice's handler does not stop
// for a shutdown, so her slot does not come back by itself: only a wait
// that watches ctx lets the accept loop return and the drain begin, whose
// timeout then cuts alice off.
func (s *suite) waitStop(c *check.T) {
	const drain = 200 * time.Millisecond
	srv, done := s.start(c, listen(c), Config{MaxConns: 1, Policy: "wait", Drain: drain, Handler: stubborn})
	c.Todo(1)
	admit(c, "alice", "The server has just started.")

	c.Todo(4)
	c.Note(func() string {
		return fmt.Sprintf("the server runs with -max-conns 1 -policy wait -drain %v. alice holds the only slot, so bob must wait, unaccepted, and Serve with him, until the case cancels Serve's context. alice's handler ignores the shutdown (as a handler in the middle of a long reply would), so her slot does not come back on its own; the drain timeout cuts her off, once the accept loop has returned.", drain)
	})
	bob := c.Dial("bob")
	bob.Send("hello from bob\n")
	bob.ExpectSilence(quiet)
	c.Event("case", "cancelled Serve's context")
	srv.Cancel()
	select {
	case err := <-done:
		if errors.Is(err, context.Canceled) {
			c.Failf("Serve returned %s after its context was cancelled. Being stopped is not a failure: when slots.acquire(ctx) gives up, return nil.", check.Describe(err))
		}
	case <-time.After(check.StopTimeout):
		c.Failf("Serve was still running %v after its context was cancelled, while it waited for a slot (-max-conns 1, alice holds it). The drain, and its %v timeout, start only once the accept loop returns, so a wait that does not watch ctx keeps the server up for as long as alice's handler runs. Wait in a select that also watches ctx.Done(): slots.acquire(ctx) does.", check.StopTimeout, drain)
	}
}
