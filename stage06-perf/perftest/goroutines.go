package perftest

import (
	"io"
	"net"
	"runtime"
	"time"

	"tcpworkbook/kit/check"
)

// idleClients is how many quiet connections idle-goroutines holds.
const idleClients = 1000

// maxPerIdle is the goroutines allowed per quiet connection: its reader,
// and a little room for the accept loop and the harness.
const maxPerIdle = 1.05

// idleGoroutines: a quiet connection holds one goroutine, its reader,
// parked in the poller. The writer runs only while there is something to
// write. It counts the goroutines in this process before the server
// starts and once 1,000 clients have each been echoed and gone quiet.
func (s suite) idleGoroutines(c *check.T) {
	if why, ok := ensureFiles(2*idleClients + 200); !ok {
		c.Skipf("cannot hold %d connections: %s", idleClients, why)
	}
	// The servers of earlier checks may still be closing their thousand
	// connections: counting from the middle of that would let a server
	// with two goroutines per connection pass.
	quiesce()
	before := runtime.NumGoroutine()
	c.Start(s.impl.Serve.Bind(Config{}))
	conns := make([]net.Conn, 0, idleClients)
	c.Cleanup(func() {
		for _, conn := range conns {
			conn.Close()
		}
	})
	hello := []byte("hello\n")
	got := make([]byte, len(hello))
	for i := range idleClients {
		conn, err := net.DialTimeout("tcp", c.Addr, check.ReadTimeout)
		if err != nil {
			c.Failf(msgCannotConnect, i+1, idleClients, err)
		}
		conns = append(conns, conn)
		conn.SetDeadline(time.Now().Add(check.ReadTimeout))
		if _, err := conn.Write(hello); err != nil {
			c.Failf(msgCannotSend, i, err)
		}
		if _, err := io.ReadFull(conn, got); err != nil {
			c.Failf(msgNoEcho, i+1, i, readFailure(err), answered(i))
		}
		conn.SetDeadline(time.Time{})
	}
	// Writers return a moment after their last chunk: wait for the count
	// to settle rather than read it once.
	var extra int
	if !c.Eventually(2*time.Second, func() bool {
		extra = runtime.NumGoroutine() - before
		return float64(extra) <= maxPerIdle*idleClients
	}) {
		c.Failf(msgIdleGoroutines, idleClients, extra, float64(extra)/idleClients)
	}
}
