package limitstest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// lifecycleNote is added to the reports of the checks that run stage 04's
// lifecycle again. That code comes written, so a failure there means a
// change made for one of this stage's TODOs broke it.
const lifecycleNote = "this part checks stage 04's lifecycle, which came written in stage05-limits: Serve (stop accepting, then drain), the wake-up in serveConn, and the line echo in lines.go (goodbye, idle timeout). If it fails, compare what you changed with the TODOs' instructions."

// shutdown: when Serve's context is cancelled, every client being served
// gets "server shutting down\n" and then EOF, and Serve returns nil once
// their handlers have returned.
func (s *suite) shutdown(c *check.T) {
	c.Note(func() string { return lifecycleNote })
	srv := s.launch(c, Config{MaxConns: limit, Policy: "reject", Drain: time.Second})
	alice := admit(c, "alice", "The server has just started.")
	bob := admit(c, "bob", "The server has just started.")
	say(bob, "last words\n")
	c.Event("case", "told the server to shut down (cancelled its context)")
	srv.Cancel()
	for _, cl := range []*check.Client{alice, bob} {
		cl.Expect(Goodbye)
		cl.ExpectEOF()
	}
	switch err := srv.Wait(check.StopTimeout); {
	case errors.Is(err, check.ErrStillRunning):
		c.Failf("every client had its goodbye and was hung up on, yet Serve was still running %v later. Once every handler has returned, the shutdown is over: return.", check.StopTimeout)
	case errors.Is(err, context.Canceled):
		c.Failf("Serve returned %s after its context was cancelled. Cancelling is how a server is told to stop, and every connection finished well within the drain timeout: that is a clean stop, so return nil, not ctx.Err().", check.Describe(err))
	case err != nil:
		c.Failf("Serve returned %s, but every connection finished well within the drain timeout, so it should return nil.", check.Describe(err))
	}
}

// idle: a client that sends nothing for -idle gets "idle timeout\n" and
// EOF, and its slot comes back: with -max-conns 1, the next client fits.
func (s *suite) idle(c *check.T) {
	cfg := Config{MaxConns: 1, Policy: "reject", Idle: 200 * time.Millisecond}
	s.launch(c, cfg)
	given := true
	c.Note(func() string {
		if !given {
			return ""
		}
		return lifecycleNote
	})
	c.Note(func() string {
		return fmt.Sprintf("the server runs with -max-conns 1 -idle %v: a client that sends nothing for that long gets %q and is hung up on, and its slot comes back.", cfg.Idle, IdleNotice)
	})
	alice := admit(c, "alice", "The server has just started.")
	alice.Expect(IdleNotice)
	alice.ExpectEOF()

	given = false
	c.Todo(2)
	bob := admit(c, "bob", "alice's slot never came back after the idle timeout closed her connection: release the slot on every way out of the handler, with defer.")
	say(bob, "my turn\n")
}
