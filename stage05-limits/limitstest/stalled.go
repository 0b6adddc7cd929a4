package limitstest

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// stalled-reader: a client that stops reading cannot hold a slot for
// ever. With -max-conns 1, alice floods lines without reading a reply
// until her writes stall, then falls silent, still connected. Her handler
// is blocked writing a reply; the line echo's write deadline (-idle) must
// fail that write, and her slot come back, so that bob is served.
func (s *suite) stalledReader(c *check.T) {
	// -idle is long enough that a flooding client held up by a busy
	// machine is not taken for an idle one, which any server hangs up on.
	cfg := Config{MaxConns: 1, Policy: "reject", Idle: time.Second}
	// In process, the case sees when the server is stuck writing to
	// alice; an external command can only be judged by alice's own
	// writes stalling.
	blocked := func(time.Duration) bool { return false }
	stalled := func() bool { return true }
	ln := &check.WriteWatch{Listener: c.Listen()}
	if srv := check.LaunchOn(c, ln, s.impl.Serve, cfg); srv.Listener != nil {
		blocked, stalled = ln.Blocked, ln.Stalled
	}
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := admit(c, "alice", "The server has just started.")
	c.Flood(alice, blocked)
	// On a starved machine the server may hang up on alice as idle
	// before she ever stalls it; that proves nothing either way, so the
	// case tries again with a fresh alice.
	for try := 1; try < 3 && !stalled(); try++ {
		c.Event("alice", "was hung up on before she stalled the server's writes: trying again")
		alice.Close()
		alice = admitWithin(c, "alice", cfg.Idle+check.StopTimeout, whyStalledSlot)
		c.Flood(alice, blocked)
	}
	c.Event("alice", "fell silent: still connected, reading nothing")
	c.Todo(2)
	bob := admitWithin(c, "bob", cfg.Idle+check.StopTimeout, whyStalledSlot)
	say(bob, "my turn\n")
}
