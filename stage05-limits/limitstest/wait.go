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
	check.Launch(c, s.impl.Serve, Config{MaxConns: limit, Policy: "wait"})
	c.Note(func() string {
		return fmt.Sprintf(noteWait, limit)
	})
	c.Todo(1)
	alice, bob, carol := fill(c)

	c.Todo(4)
	dave := c.Dial("dave")
	dave.Send("hello from dave\n")
	dave.ExpectSilence(check.Quiet)
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
	ln := &fakeListener{Listener: c.Listen()}
	check.LaunchOn(c, ln, s.impl.Serve, Config{MaxConns: limit, Policy: "wait"})
	c.Todo(1)
	alice, _, _ := fill(c)

	c.Todo(4)
	select {
	case <-ln.calls.reached(limit + 1):
		c.Failf(msgAcceptedEarly, limit, limit+1)
	case <-time.After(check.Quiet):
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
	srv := check.Launch(c, s.impl.Serve, Config{MaxConns: 1, Policy: "wait", Drain: drain, Handler: stubborn})
	c.Todo(1)
	admit(c, "alice", "The server has just started.")

	c.Todo(4)
	c.Note(func() string {
		return fmt.Sprintf(noteWaitStop, drain)
	})
	bob := c.Dial("bob")
	bob.Send("hello from bob\n")
	bob.ExpectSilence(check.Quiet)
	c.Event("case", "cancelled Serve's context")
	srv.Cancel()
	select {
	case <-srv.Done():
		if err := srv.Wait(0); errors.Is(err, context.Canceled) {
			c.Failf(msgWaitCanceled, check.Describe(err))
		}
	case <-time.After(check.StopTimeout):
		c.Failf(msgWaitStuck, check.StopTimeout, drain)
	}
}
