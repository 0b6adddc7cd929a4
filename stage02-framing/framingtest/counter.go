package framingtest

import (
	"bytes"
	"fmt"
	"net"
	"runtime"
	"strings"

	"tcpworkbook/kit/check"
)

func counterCases(serve check.Serve[Config]) []check.Case {
	k := counter{serve}
	return []check.Case{
		{Name: "Counter/count", Todo: 5, Run: k.count},
		{Name: "Counter/empty", Todo: 5, Run: k.empty},
		{Name: "Counter/many", Todo: 5, Run: k.many},
		{Name: "Counter/too-long", Todo: 5, Run: k.tooLong},
		{Name: "Counter/memory", Todo: 5, InProcess: true, Run: k.memory},
	}
}

type counter struct {
	serve check.Serve[Config]
}

// counting is the counter with the line limit maxLine.
func counting(maxLine int) Config { return Config{Server: Counter, MaxLine: maxLine} }

// count: "one\n", "\n", "two\r\n" and "three" are four lines: an empty
// line counts, "\r\n" is one line ending, and so is EOF. The count comes
// after the half-close, then the server closes.
func (k counter) count(c *check.T) {
	check.Launch(c, k.serve, counting(DefaultMaxLine))
	alice := c.Dial("alice")
	for _, s := range []string{"one\n", "\n", "two\r\n", "three"} {
		alice.Send(s)
	}
	alice.CloseWrite()
	alice.Expect("4\n")
	alice.ExpectEOF()
}

// empty: a client that sends nothing gets "0\n".
func (k counter) empty(c *check.T) {
	check.Launch(c, k.serve, counting(DefaultMaxLine))
	alice := c.Dial("alice")
	alice.CloseWrite()
	alice.Expect("0\n")
	alice.ExpectEOF()
}

// many: 100,000 lines, in uneven writes, count as 100,000.
func (k counter) many(c *check.T) {
	check.Launch(c, k.serve, counting(DefaultMaxLine))
	var all bytes.Buffer
	for i := range 100_000 {
		fmt.Fprintf(&all, "%d\n", i)
	}
	alice := c.Dial("alice")
	// The counter answers only after EOF, so alice can send everything
	// before she reads.
	if err := alice.WriteChunks(all.Bytes(), []int{3, 5000, 65536, 1}); err != nil {
		c.Failf("alice could not send her lines: %v", err)
	}
	alice.CloseWrite()
	alice.Expect("100000\n")
	alice.ExpectEOF()
}

// too-long: the line limit holds here too. With -max-line 100, a 101-byte
// line gets "error: line too long\n" at once, and the connection closes.
func (k counter) tooLong(c *check.T) {
	const max = 100
	check.Launch(c, k.serve, counting(max))
	c.Note(func() string { return fmt.Sprintf(noteCounterTooLong, max) })
	alice := c.Dial("alice")
	alice.Send(strings.Repeat("a", max) + "\r\n")
	alice.Send(strings.Repeat("b", max+1) + "\n")
	alice.Expect("error: line too long\n")
	alice.ExpectEOF()
}

// memory: the counter's memory does not grow with the number of lines.
// alice sends 8 MiB of short lines on one connection and the heap of the
// test process, where the counter runs, is measured before and after.
func (k counter) memory(c *check.T) {
	const (
		sent  = 8 << 20
		limit = 4 << 20 // far above what counting needs, far below storing
	)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen: %v", err)
	}
	// Small kernel buffers on both sides: when alice's last write
	// returns, the counter has read all but a few hundred KiB.
	c.StartOn(smallBuffers{ln}, k.serve.Bind(counting(DefaultMaxLine)))
	alice := c.Dial("alice")
	alice.Conn().(*net.TCPConn).SetWriteBuffer(smallBuffer)

	chunk := bytes.Repeat([]byte(strings.Repeat("x", 63)+"\n"), (64<<10)/64)
	before := heapInUse()
	for range sent / len(chunk) {
		alice.SendBytes(chunk)
	}
	grown := int64(heapInUse()) - int64(before)
	if grown > limit {
		c.Failf(msgHeapGrew, sent>>20, sent/64, float64(grown)/(1<<20))
	}
	alice.CloseWrite()
	alice.Expect(fmt.Sprintf("%d\n", sent/64))
	alice.ExpectEOF()
}

// smallBuffer is the kernel buffer size the memory check asks for.
const smallBuffer = 32 << 10

// smallBuffers shrinks the receive buffer of every connection it accepts.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(smallBuffer)
	}
	return conn, err
}

// heapInUse is the size of the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
