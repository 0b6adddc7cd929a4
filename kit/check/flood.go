package check

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// StuckFor is how long a server must have been inside one Write to a
// flooding client before a case believes it blocked there for good: a
// blocked Write never returns, while a busy machine can hold a goroutine
// that is merely about to write for a good part of Quiet.
const StuckFor = 3 * Quiet

// floodPast is how much a flooding client sends before a Write of the
// server's that lasts StuckFor counts as stuck: more than the replies the
// buffers between the two sides hold once both are shrunk to 16 KiB (the
// kernel doubles that). Measured on Linux, such a server stalls after the
// client has sent about 80 KiB.
const floodPast = 64 << 10

// Flood writes lines to cl without reading any reply, until the server is
// stuck writing a reply to cl. In process, blocked says so: the server has
// been in one Write to cl for at least the duration given. An external
// server cannot be watched, so there a write of cl's that makes no
// progress for Quiet is taken to mean it (the server stopped reading
// because it is blocked in Write). Flood also stops at a write error (the
// server gave up on cl already), and after five seconds, whatever the
// server does. It returns how many bytes cl sent.
func (c *T) Flood(cl *Client, blocked func(time.Duration) bool) int {
	c.Helper()
	ext := external() != ""
	conn := cl.Conn()
	if tc, ok := conn.(*net.TCPConn); ok {
		// Small buffers on the client's side: the stall comes sooner.
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
	line := []byte(strings.Repeat("never read, ", 80) + "\n")
	wait := Quiet / 4
	if ext {
		wait = Quiet
	}
	total, end := 0, time.Now().Add(5*time.Second)
	for time.Now().Before(end) {
		// blocked first: its caller may record what it saw.
		if !ext && blocked(StuckFor) && total > floodPast {
			break
		}
		conn.SetWriteDeadline(time.Now().Add(wait))
		n, err := conn.Write(line)
		total += n
		var nerr net.Error
		if err != nil && (ext || !errors.As(err, &nerr) || !nerr.Timeout()) {
			break
		}
	}
	conn.SetWriteDeadline(time.Time{})
	c.Event(cl.Name, fmt.Sprintf("sent %d bytes of lines without reading a reply, until the server was stuck writing to her", total))
	return total
}
