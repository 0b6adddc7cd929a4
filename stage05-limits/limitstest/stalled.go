package limitstest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
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
	if check.External("") == "" {
		ln := &writeWatch{Listener: listen(c)}
		s.start(c, ln, cfg)
		blocked, stalled = ln.blocked, ln.stalled
	} else {
		s.launch(c, cfg)
	}
	c.Note(func() string { return fmt.Sprintf(noteStalled, cfg.Idle) })
	alice := admit(c, "alice", "The server has just started.")
	flood(c, alice, blocked)
	// On a starved machine the server may hang up on alice as idle
	// before she ever stalls it; that proves nothing either way, so the
	// case tries again with a fresh alice.
	for try := 1; try < 3 && !stalled(); try++ {
		c.Event("alice", "was hung up on before she stalled the server's writes: trying again")
		alice.Close()
		alice = admitWithin(c, "alice", cfg.Idle+check.StopTimeout, whyStalledSlot)
		flood(c, alice, blocked)
	}
	c.Event("alice", "fell silent: still connected, reading nothing")
	c.Todo(2)
	bob := admitWithin(c, "bob", cfg.Idle+check.StopTimeout, whyStalledSlot)
	say(bob, "my turn\n")
}

// stuckFor is how long the server must have been inside one Write to the
// flooding client before the case believes it blocked there for good: a
// blocked Write never returns, while a busy machine can hold a goroutine
// that is merely about to write for a good part of check.Quiet.
const stuckFor = 3 * check.Quiet

// flood writes lines to cl without reading until the server is stuck
// writing a reply to cl: blocked says so in process, for check.Quiet;
// otherwise a write of cl's that makes no progress for check.Quiet is
// taken to mean that (the server stopped reading because it is blocked
// in Write). It also stops at a write error (the server gave up on cl
// already), and after 1 GiB or five seconds, whatever the server does.
func flood(c *check.T, cl *check.Client, blocked func(time.Duration) bool) {
	external := check.External("") != ""
	c.Helper()
	conn := cl.Conn()
	if tc, ok := conn.(*net.TCPConn); ok {
		// Small buffers on the client's side: the stall comes sooner.
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
	line := []byte(strings.Repeat("never read, ", 80) + "\n")
	total, end := 0, time.Now().Add(5*time.Second)
	for total < 1<<30 && time.Now().Before(end) && !(total > deadlocked && blocked(stuckFor)) {
		wait := check.Quiet / 4
		if external {
			wait = check.Quiet
		}
		conn.SetWriteDeadline(time.Now().Add(wait))
		n, err := conn.Write(line)
		total += n
		var nerr net.Error
		if err != nil && (external || !errors.As(err, &nerr) || !nerr.Timeout()) {
			break
		}
	}
	conn.SetWriteDeadline(time.Time{})
	c.Event(cl.Name, fmt.Sprintf("sent %d bytes of lines without reading a reply, until the server was stuck writing to her", total))
}

// deadlocked is more than the replies the buffers between a server and a
// client can hold once both sides' buffers are shrunk to 16 KiB (the
// kernel doubles that, and a send and a receive buffer sit on each side):
// a client that has sent this much and reads nothing holds the server in
// Write for good, however slowly a busy machine runs it.
const deadlocked = 1 << 20

// shrinkBuffers makes the server's side of conn buffer little, as the
// client's side does, so that deadlocked is small. Only an in-process
// server's connections pass through the case's listener.
func shrinkBuffers(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(16 << 10)
		tc.SetWriteBuffer(16 << 10)
	}
}

// writeWatch is a listener that keeps, for the last connection it
// accepted, the time the server's Write in progress on it began.
type writeWatch struct {
	net.Listener
	last atomic.Pointer[atomic.Int64]
	conn atomic.Pointer[watchedConn] // the last connection accepted
}

func (l *writeWatch) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	shrinkBuffers(conn)
	w := &watchedConn{Conn: conn}
	l.last.Store(&w.writing)
	l.conn.Store(w)
	return w, nil
}

// blocked reports whether the server has been in one Write to the last
// connection it accepted for at least d.
func (l *writeWatch) blocked(d time.Duration) bool {
	writing := l.last.Load()
	if writing == nil {
		return false
	}
	began := writing.Load()
	return began != 0 && time.Since(time.Unix(0, began)) >= d
}

// stalled reports whether the last connection's client has stalled the
// server: it is inside a Write to it now, or a Write to it failed on its
// deadline.
func (l *writeWatch) stalled() bool {
	conn := l.conn.Load()
	return conn != nil && (conn.writing.Load() != 0 || conn.timedOut.Load())
}

// watchedConn keeps the time the Write in progress began, and whether a
// Write has failed on its deadline.
type watchedConn struct {
	net.Conn
	writing  atomic.Int64 // UnixNano; 0 when no Write is in progress
	timedOut atomic.Bool
}

func (c *watchedConn) Write(p []byte) (int, error) {
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	n, err := c.Conn.Write(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.timedOut.Store(true)
	}
	return n, err
}
