package limitstest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// shutdown: when Serve's context is cancelled, every client being served
// gets "server shutting down\n" and then EOF, and Serve returns nil once
// their handlers have returned.
func (s *suite) shutdown(c *check.T) {
	c.Note(func() string { return lifecycleNote })
	srv := check.Launch(c, s.impl.Serve, Config{MaxConns: limit, Policy: "reject", Drain: time.Second})
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
		c.Failf(msgShutdownRunning, check.StopTimeout)
	case errors.Is(err, context.Canceled):
		c.Diagnose(check.Symptom{ID: symptomCtxErr, Todo: 5, Reading: readingCtxErr})
		c.Failf(msgCanceledIsError, check.Describe(err))
	case err != nil:
		c.Failf(msgShutdownError, check.Describe(err))
	}
}

// idle: a client that sends nothing for -idle gets "idle timeout\n" and
// EOF, and its slot comes back: with -max-conns 1, the next client fits.
func (s *suite) idle(c *check.T) {
	cfg := Config{MaxConns: 1, Policy: "reject", Idle: 200 * time.Millisecond}
	check.Launch(c, s.impl.Serve, cfg)
	given := true
	c.Note(func() string {
		if !given {
			return ""
		}
		return lifecycleNote
	})
	c.Note(func() string {
		return fmt.Sprintf(noteIdle, cfg.Idle, IdleNotice)
	})
	alice := admit(c, "alice", "The server has just started.")
	alice.Expect(IdleNotice)
	alice.ExpectEOF()

	given = false
	c.Todo(2)
	bob := admit(c, "bob", whyIdleSlot)
	say(bob, "my turn\n")
}
