package limitstest

import (
	"fmt"
	"net"
	"strings"
	"time"

	"tcpworkbook/kit/check"
)

// stalled-reader: a client that stops reading cannot hold a slot for
// ever. With -max-conns 1, alice floods lines without reading a reply
// until her writes stall, then falls silent, still connected. Her handler
// is blocked writing a reply; the line echo's write deadline (-idle) must
// fail that write, and her slot come back, so that bob is served.
func (s *suite) stalledReader(c *check.T) {
	cfg := Config{MaxConns: 1, Policy: "reject", Idle: 300 * time.Millisecond}
	s.launch(c, cfg)
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := admit(c, "alice", "The server has just started.")
	flood(c, alice)
	c.Event("alice", "fell silent: still connected, reading nothing")
	c.Todo(2)
	bob := admitWithin(c, "bob", cfg.Idle+check.StopTimeout, whyStalledSlot)
	say(bob, "my turn\n")
}

// flood writes lines to cl without reading until a write makes no
// progress for check.Quiet, which means the server has stopped reading:
// its replies fill cl's receive buffer and its own send buffer, so it is
// blocked writing one. It also stops at a write error (the server gave up
// on cl already) and after 1 GiB, whatever the server does.
func flood(c *check.T, cl *check.Client) {
	c.Helper()
	conn := cl.Conn()
	if tc, ok := conn.(*net.TCPConn); ok {
		// Small buffers on the client's side: the stall comes sooner.
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
	line := []byte(strings.Repeat("never read, ", 80) + "\n")
	total := 0
	for total < 1<<30 {
		conn.SetWriteDeadline(time.Now().Add(check.Quiet))
		n, err := conn.Write(line)
		total += n
		if err != nil {
			break
		}
	}
	conn.SetWriteDeadline(time.Time{})
	c.Event(cl.Name, fmt.Sprintf("sent %d bytes of lines without reading a reply, until her writes stalled", total))
}
