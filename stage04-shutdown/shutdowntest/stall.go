package shutdowntest

import (
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"tcpworkbook/kit/check"
)

// stallLine returns a line that the server cannot answer while its
// client does not read: longer than the server's socket send buffer can
// grow to plus the client's (shrunken) receive buffer. It ends in "\n".
var stallLine = sync.OnceValue(func() []byte {
	size := 16 << 20
	// On Linux the send buffer grows up to the last number in tcp_wmem.
	if b, err := os.ReadFile("/proc/sys/net/ipv4/tcp_wmem"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 3 {
			if n, err := strconv.Atoi(f[2]); err == nil {
				size = max(8<<20, 2*n)
			}
		}
	}
	const pattern = "abcdefghijklmnopqrstuvwxyz0123456789"
	line := make([]byte, size+1)
	for i := range size {
		line[i] = pattern[i%len(pattern)]
	}
	line[size] = '\n'
	return line
})

// shrinkReceiveBuffer makes cl's receive buffer small, so that a reply
// the client does not read fills it quickly. Call it before any data
// arrives.
func shrinkReceiveBuffer(c *check.T, cl *check.Client) {
	c.Helper()
	if tc, ok := cl.Conn().(*net.TCPConn); ok {
		if err := tc.SetReadBuffer(16 << 10); err != nil {
			c.Fatalf("the harness could not shrink %s's receive buffer: %v", cl.Name, err)
		}
	}
}

// stall sends line and waits for the first byte of its reply. From then
// on the server is writing a reply that cannot all fit in the buffers
// between the two sides, so its handler is blocked in Write until cl
// reads the rest.
func stall(cl *check.Client, line []byte) {
	cl.SendBytes(line)
	cl.ExpectBytes(line[:1])
}

// expectLong is ExpectBytes for megabytes, a piece at a time.
func expectLong(cl *check.Client, want []byte) {
	const piece = 256 << 10
	for len(want) > 0 {
		n := min(piece, len(want))
		cl.ExpectBytes(want[:n])
		want = want[n:]
	}
}

// expectClosed reads and discards what is left for cl and stops the case
// unless the connection then ends, with EOF or a reset.
func expectClosed(c *check.T, cl *check.Client) {
	c.Helper()
	conn := cl.Conn()
	conn.SetReadDeadline(time.Now().Add(check.ReadTimeout))
	_, err := io.Copy(io.Discard, conn)
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		c.Failf(msgStillOpen, cl.Name)
	}
}
