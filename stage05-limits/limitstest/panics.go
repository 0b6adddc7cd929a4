package limitstest

import (
	"fmt"
	"strings"

	"tcpworkbook/kit/check"
)

// stackMark is a function name that appears in the stack trace of the
// injected panic, and nowhere else in the log.
const stackMark = "limitstest.scripted"

// panic-contained: a handler that panics costs its own connection and
// nothing else. The other clients carry on, the server keeps accepting,
// and the log says what panicked and where (the stack).
func (s *suite) panicContained(c *check.T) {
	cfg := Config{MaxConns: limit, Policy: "reject", Handler: scripted}
	var log *check.Output
	cfg.Log, log = c.ServerLog()
	srv := check.Launch(c, s.impl.Serve, cfg)
	c.Note(func() string {
		return fmt.Sprintf(notePanic, panicLine)
	})

	c.Todo(1)
	alice := admit(c, "alice", "The server has just started.")
	bob := admit(c, "bob", "The server has just started.")
	carol := admit(c, "carol", "The server has just started.")

	c.Todo(3)
	carol.Send(panicLine)
	carol.ExpectEOF()
	say(alice, "did anything happen?\n")
	say(bob, "not here\n")
	if ok, _ := srv.Returned(); ok {
		c.Failf(msgPanicReturned)
	}
	admit(c, "dave", whyPanicSlot)

	text := log.String()
	if !strings.Contains(text, "panics on purpose") || !strings.Contains(text, stackMark) {
		c.Diagnose(check.Symptom{ID: symptomPanicNotLogged, Todo: 3, Reading: readingPanicNotLogged})
		c.Failf(msgPanicNotLogged, stackMark)
	}
}

// goroutines: once every client has gone, whether it was served, turned
// away, failed or panicked, every goroutine the server started for it has
// returned.
func (s *suite) goroutines(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{MaxConns: 2, Policy: "reject", Handler: scripted})
	before := c.Goroutines()

	c.Todo(1)
	alice := admit(c, "alice", "The server has just started.")
	bob := admit(c, "bob", "The server has just started.")
	expectBusy(c, "carol")

	c.Todo(2)
	alice.Send(failLine)
	alice.ExpectEOF()
	dave := admit(c, "dave", "alice's slot never came back after her handler returned an error.")
	bob.Send(panicLine)
	bob.ExpectEOF()
	erin := admit(c, "erin", "bob's slot never came back after his handler panicked.")
	dave.Reset()
	erin.Close()
	alice.Close()
	bob.Close()
	c.ExpectNoNewGoroutines(before, "every client has left")
}
