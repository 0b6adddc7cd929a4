package shutdowntest

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// idle: a client that sends nothing for the idle timeout gets "idle
// timeout\n" and EOF. Bob never sends a byte; alice sends one line first.
func (s suite) idle(c *check.T) {
	cfg := defaults()
	cfg.Idle = 200 * time.Millisecond
	check.Launch(c, s.impl.Serve, cfg)
	c.Note(func() string { return fmt.Sprintf(noteIdle, cfg.Idle, idleNotice) })
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
	check.Launch(c, s.impl.Serve, cfg)
	c.Note(func() string { return fmt.Sprintf(noteChatty, cfg.Idle) })
	alice := c.Dial("alice")
	for i := range 10 {
		line := fmt.Sprintf("line %d, at about %d ms\n", i, 100*i)
		alice.Send(line)
		alice.Expect(line)
		time.Sleep(100 * time.Millisecond) // pacing, not waiting for the server
	}
}
