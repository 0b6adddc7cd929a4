package limitstest

import (
	"fmt"
	"strings"

	"tcpworkbook/kit/check"
)

// limit is the connection limit most checks use: small enough to fill by
// hand, big enough that "one slot" and "every slot" differ.
const limit = 3

// fill connects alice, bob and carol and has each of them served, so that
// every slot is in use.
func fill(c *check.T) (alice, bob, carol *check.Client) {
	c.Helper()
	why := "The server has just started: the first clients should be served."
	return admit(c, "alice", why), admit(c, "bob", why), admit(c, "carol", why)
}

// reject: with -max-conns 3, the 4th client is told Busy and hung up on
// at once, while the first three carry on.
func (s *suite) reject(c *check.T) {
	cfg, log := logged(c, Config{MaxConns: limit, Policy: "reject"})
	check.Launch(c, s.impl.Serve, cfg)
	diagnoseSlots(c, log)
	c.Note(func() string {
		return fmt.Sprintf(noteReject, limit, Busy)
	})
	alice, bob, carol := fill(c)
	expectBusy(c, "dave")
	say(alice, "still served\n")
	say(bob, "me too\n")
	say(carol, "and me\n")
}

// reject-default: a server given no -policy rejects, as the README says:
// the zero Policy is the reject policy, not "no limit".
func (s *suite) rejectDefault(c *check.T) {
	cfg, log := logged(c, Config{MaxConns: limit})
	check.Launch(c, s.impl.Serve, cfg)
	diagnoseSlots(c, log)
	c.Note(func() string { return fmt.Sprintf(noteRejectDefault, limit) })
	alice, _, _ := fill(c)
	expectBusy(c, "dave")
	say(alice, "still served\n")
}

// free-on-close: a client that closes its connection gives its slot back.
func (s *suite) freeOnClose(c *check.T) {
	s.freesSlot(c, Config{MaxConns: limit, Policy: "reject"}, 2, "closed her connection", func(alice *check.Client) {
		alice.Close()
	})
}

// free-on-reset: so does a client that resets its connection, which the
// handler sees as a read error rather than EOF.
func (s *suite) freeOnReset(c *check.T) {
	s.freesSlot(c, Config{MaxConns: limit, Policy: "reject"}, 2, "reset her connection", func(alice *check.Client) {
		alice.Send("unread bytes make the close a reset\n")
		alice.Reset()
	})
}

// free-on-error: so does a connection whose handler returns an error.
func (s *suite) freeOnError(c *check.T) {
	cfg := Config{MaxConns: limit, Policy: "reject", Handler: scripted}
	s.freesSlot(c, cfg, 2, fmt.Sprintf("sent %q and her handler returned an error", failLine), func(alice *check.Client) {
		alice.Send(failLine)
		alice.ExpectEOF()
	})
}

// free-on-panic: so does a connection whose handler panics.
func (s *suite) freeOnPanic(c *check.T) {
	cfg := Config{MaxConns: limit, Policy: "reject", Handler: scripted}
	s.freesSlot(c, cfg, 3, fmt.Sprintf("sent %q and her handler panicked", panicLine), func(alice *check.Client) {
		alice.Send(panicLine)
		alice.ExpectEOF()
	})
}

// freesSlot fills every slot, makes alice leave in the given way, and then
// checks that exactly one new client fits: erin is served, frank is turned
// away. A failure while alice leaves points at leaveTodo; a lost slot,
// at TODO(2).
func (s *suite) freesSlot(c *check.T, cfg Config, leaveTodo int, how string, leave func(alice *check.Client)) {
	c.Helper()
	check.Launch(c, s.impl.Serve, cfg)
	c.Todo(1) // before alice leaves, only the limit itself is checked
	c.Note(func() string {
		return fmt.Sprintf(noteFreesSlot, limit, how)
	})
	alice, bob, _ := fill(c)
	expectBusy(c, "dave")

	c.Todo(leaveTodo)
	leave(alice)
	c.Todo(2)
	admit(c, "erin", fmt.Sprintf(whySlotLost, how))
	expectBusy(c, "frank")
	say(bob, "still here\n")
}

// cycles: with the limit shown to work, 200 clients come and go, leaving
// in every way there is (close, reset, half-close, a line over the limit),
// and afterwards exactly 3 clients fit again: no slot was lost, none was
// given back twice.
func (s *suite) cycles(c *check.T) {
	const (
		rounds  = 200
		maxLine = 64
	)
	check.Launch(c, s.impl.Serve, Config{MaxConns: limit, Policy: "reject", MaxLine: maxLine})
	ways := []struct {
		name  string
		leave func(cl *check.Client)
	}{
		{"closed the connection", func(cl *check.Client) { cl.Close() }},
		{"reset the connection", func(cl *check.Client) { cl.Reset() }},
		{"half-closed and waited for the server to close", func(cl *check.Client) {
			cl.CloseWrite()
			cl.ExpectEOF()
			cl.Close()
		}},
		{"sent a line over -max-line", func(cl *check.Client) {
			cl.Send(strings.Repeat("x", maxLine+1) + "\n")
			cl.Expect(TooLong)
			cl.ExpectEOF()
			cl.Close()
		}},
	}
	c.Note(func() string {
		return fmt.Sprintf(noteCycles, limit, maxLine, describeWays(len(ways), func(i int) string { return ways[i].name }))
	})
	c.Todo(1) // first, the limit itself
	alice, bob, carol := fill(c)
	expectBusy(c, "dave")
	alice.Close()
	bob.Close()
	carol.Close()

	c.Todo(2)
	for i := range rounds {
		way := ways[i%len(ways)]
		var why string
		if i > 0 {
			prev := ways[(i-1)%len(ways)]
			why = fmt.Sprintf(whyCyclesLost, prev.name)
		}
		cl := admit(c, fmt.Sprintf("client%03d", i), why)
		way.leave(cl)
	}
	why := fmt.Sprintf("After %d clients came and went, all %d slots should be free again.", rounds, limit)
	admit(c, "erin", why)
	admit(c, "frank", why)
	admit(c, "grace", why)
	c.Note(func() string {
		return fmt.Sprintf(noteGivenTwice, limit)
	})
	expectBusy(c, "heidi")
}

func describeWays(n int, name func(int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = name(i)
	}
	return strings.Join(parts, "; ")
}
