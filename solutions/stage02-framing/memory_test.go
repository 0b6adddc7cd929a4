package framing_test

import (
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	framing "tcpworkbook/solutions/stage02-framing"
	"tcpworkbook/stage02-framing/framingtest"
)

// The promise of the README: memory per idle connection does not depend
// on -max-line. With the largest limit the commands accept, 100 idle
// connections of the line server cost at most 64 KB each (both ends of
// each connection are in this process, so the figure is generous to the
// server). The counter and the -root server read with the same
// lineReader; TestLineReaderStartsSmall covers them.
func TestIdleMemory(t *testing.T) {
	const (
		conns  = 100
		budget = 64 << 10
	)
	for _, maxLine := range []int{framing.DefaultMaxLine, framingtest.MaxLineFlag.Max} {
		perConn := idleCost(t, (&framing.LineServer{MaxLine: maxLine}).Serve, conns)
		t.Logf("-max-line %d: %d bytes per idle connection", maxLine, perConn)
		if perConn > budget {
			t.Errorf("with -max-line %d, %d idle connections cost %d bytes each, over the budget of %d", maxLine, conns, perConn, budget)
		}
	}
}

// idleCost starts serve, connects n clients that each send "x\n" and
// read the reply, and returns the growth of the live heap and of
// goroutine stacks per connection.
func idleCost(t *testing.T, serve func(net.Listener) error, n int) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); serve(ln) }()
	defer func() { ln.Close(); <-done }()

	before := liveBytes()
	clients := make([]net.Conn, n)
	for i := range clients {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "x\n"); err != nil {
			t.Fatal(err)
		}
		// The reply proves the handler runs, its buffers made.
		if _, err := io.ReadFull(c, make([]byte, 2)); err != nil {
			t.Fatal(err)
		}
		clients[i] = c
	}
	grown := int(liveBytes()) - int(before)
	runtime.KeepAlive(clients)
	return grown / n
}

// liveBytes is the live heap and the goroutine stacks in use, after a
// full collection.
func liveBytes() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}
