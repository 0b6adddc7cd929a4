// Package perftest is the stage 06 suite: the stage 01 echo checks again,
// then the checks of a server built for load: pooled buffers, no buffer
// held while idle, TCP_NODELAY, a reader and a writer joined by a bounded
// queue, backpressure, zero allocations per message and 1,000 clients at
// once. Call Run from a test with your implementation, in the style of
// golang.org/x/net/nettest.TestConn, and Benchmark from a benchmark.
//
// Checks marked in-process hand the server a Pool of their own, or count
// allocations, so they need the server inside the test binary; the others
// talk to it only through TCP.
package perftest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage01-echo/echotest"
)

// Pool lends read buffers, as in the stage's package: Get returns a buffer
// of its full length, Put takes it back once nothing uses it.
type Pool interface {
	Get() *[]byte
	Put(*[]byte)
}

// Options configures one server, as the command-line flags would.
type Options struct {
	// Queue is how many chunks the reader may get ahead of the writer on
	// one connection (-queue). Zero means the server's default.
	Queue int
	// Pool, when not nil, is where the server must borrow its read
	// buffers. The in-process checks pass one that counts and poisons.
	Pool Pool
}

// Impl is the code under test.
type Impl struct {
	// Serve accepts connections on ln and echoes each one until ln is
	// closed, configured by o.
	Serve func(ln net.Listener, o Options) error
}

// Stage describes stage 06 for failure messages.
var Stage = check.Stage{
	Name: "Perf",
	File: "stage06-perf/perf.go",
	Todos: map[int]string{
		1: "borrow each read buffer from s.pool() and give it back after the write",
		2: "chunks: borrow a buffer only for a read that cannot block, and give it back before waiting",
		3: "set TCP_NODELAY explicitly in handle",
		4: "split echo into a reader and a writer goroutine joined by a channel of s.queue() buffers",
	},
}

// Run runs every stage 06 check against impl: first stage 01's echo
// checks as the group Echo, then this stage's own.
func Run(t *testing.T, impl Impl) {
	s := suite{impl}
	t.Run("Echo", func(t *testing.T) { check.Run(t, Stage, s.echoCases()) })
	check.Run(t, Stage, []check.Case{
		{Name: "pool", Todo: 1, InProcess: true, Run: s.pool},
		{Name: "idle", Todo: 2, InProcess: true, Run: s.idle},
		{Name: "nodelay", Todo: 3, InProcess: true, Run: s.nodelay},
		{Name: "split", Todo: 4, InProcess: true, Run: s.split},
		{Name: "backpressure", Todo: 4, Run: s.backpressure},
		{Name: "abandon", Todo: 4, InProcess: true, Needs: []string{"split"}, Run: s.abandon},
		{Name: "streams", Todo: 4, InProcess: true, Run: s.streams},
		{Name: "allocs", Todo: 4, InProcess: true, Run: s.allocs},
		{Name: "thousand", Todo: 4, Watchdog: 20 * time.Second, Run: s.thousand},
	})
}

type suite struct{ impl Impl }

// serveWith is the server configured by o, in the form check.T starts.
func (s suite) serveWith(o Options) check.ServeFunc {
	return func(_ context.Context, ln net.Listener) error { return s.impl.Serve(ln, o) }
}

// echoCases are stage 01's stream checks, pointed at this stage's TODOs:
// a stage 06 server that fails one has usually broken it while moving
// buffers around (TODO 1) or splitting the loop in two (TODO 4).
func (s suite) echoCases() []check.Case {
	cases := echotest.StreamCases(func(ln net.Listener) error { return s.impl.Serve(ln, Options{}) })
	for i := range cases {
		switch cases[i].Name {
		case "short", "binary":
			cases[i].Todo = 1
			run := cases[i].Run
			cases[i].Run = func(c *check.T) {
				c.Note(func() string { return putTooEarly })
				run(c)
			}
		default:
			cases[i].Todo = 4
		}
	}
	return cases
}

// putTooEarly explains wrong bytes in an echo of this stage's server.
const putTooEarly = "Bytes that come back wrong usually mean a buffer went back to the pool before its Write returned: in echo (TODO(1)) or, once reading and writing are split, in the reader (TODO(4)). Put each buffer back in the writer, after its Write."

// pool: read buffers come from the Pool the server is given, and every one
// goes back once its clients have left.
func (s suite) pool(c *check.T) {
	p := newCheckPool()
	c.Start(s.serveWith(Options{Pool: p}))
	c.Note(p.explainPoison)
	for _, name := range []string{"alice", "bob", "carol"} {
		cl := c.Dial(name)
		for i := range 3 {
			msg := fmt.Sprintf("%s's message %d\n", name, i)
			cl.Send(msg)
			cl.Expect(msg)
		}
		cl.Close()
	}
	if p.Stats().gets == 0 {
		c.Failf("three clients were echoed, but the server never called Get on the Pool in its options (Options.Pool, Server.Pool). Every read buffer should come from s.pool(), so that a connection holds one only while it uses it.")
	}
	if !eventually(c, 2*time.Second, func() bool { return p.Stats().out == 0 }) {
		st := p.Stats()
		c.Failf("all three clients have left, but %d of the %d buffers the server borrowed were never given back with Put. Put each buffer back once the write of its bytes has returned, and on the paths that return early too (a read of 0 bytes, an error).", st.out, st.gets)
	}
	if msg := p.Stats().problem; msg != "" {
		c.Failf("the Pool saw a mistake: %s", msg)
	}
}

// idle: 50 connections that have each echoed once and gone quiet hold no
// read buffer between them.
func (s suite) idle(c *check.T) {
	p := newCheckPool()
	c.Start(s.serveWith(Options{Pool: p}))
	const n = 50
	for i := range n {
		cl := c.Dial(fmt.Sprintf("client%02d", i))
		msg := fmt.Sprintf("ping from client %02d\n", i)
		cl.Send(msg)
		cl.Expect(msg)
	}
	if p.Stats().gets == 0 {
		c.Todo(1)
		c.Failf("the server never called Get on the Pool in its options, so this check cannot see its buffers. Borrow each read buffer from s.pool() first.")
	}
	if !eventually(c, time.Second, func() bool { return p.Stats().out == 0 }) {
		c.Failf("%d connections sit idle, yet %d buffers are still borrowed from the Pool. A connection that waits in conn.Read holds its buffer the whole time: with 10,000 quiet clients that is 10,000 buffers doing nothing. Borrow a buffer only for a read that cannot block, and give it back before the goroutine waits.", n, p.Stats().out)
	}
}

// nodelay: the server turns Nagle's algorithm off on each connection even
// when the connection it accepted had it on.
func (s suite) nodelay(c *check.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Fatalf("the harness could not listen on 127.0.0.1:0: %v", err)
	}
	nl := &nagleListener{Listener: ln, accepted: make(chan *net.TCPConn, 1)}
	c.StartOn(nl, s.serveWith(Options{}))
	alice := c.Dial("alice")
	alice.Send("small and urgent\n")
	alice.Expect("small and urgent\n")
	var conn *net.TCPConn
	select {
	case conn = <-nl.accepted:
	case <-c.Expired():
		c.Failf("the server's accepted connection never reached the check")
	}
	on, err := noDelay(conn)
	if errors.Is(err, errUnsupported) {
		c.Skipf("cannot read TCP_NODELAY on this platform: %v", err)
	}
	if err != nil {
		c.Fatalf("the harness could not read TCP_NODELAY: %v", err)
	}
	if !on {
		c.Failf("the server's side of alice's connection still has Nagle's algorithm on (TCP_NODELAY is off). The listener in this check hands over connections with it on, as Node.js does by default, so relying on Go's default is not enough: call SetNoDelay(true) on the *net.TCPConn.")
	}
}

// split: while a client is not reading its echo, the reader keeps reading
// until the queue between it and the writer is full: Queue buffers wait in
// the channel, one is in the writer's blocked Write and perhaps one is in
// the reader's hand.
func (s suite) split(c *check.T) {
	const queue = 4
	p := newCheckPool()
	c.Start(s.serveWith(Options{Queue: queue, Pool: p}))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	if p.Stats().gets == 0 {
		c.Todo(1)
		c.Failf("the server never called Get on the Pool in its options, so this check cannot see its buffers. Borrow each read buffer from s.pool() first.")
	}

	// alice writes and never reads, until the pool shows the queue full
	// or a time limit passes.
	stop := make(chan struct{})
	var pushed pushResult
	c.Go(func() error {
		pushed = push(alice.Conn(), pushLimit, 200*time.Millisecond, stop, 3*time.Second)
		return nil
	})
	full := eventually(c, 3*time.Second, func() bool { return p.Stats().out >= queue })
	close(stop)
	c.Wait()
	out := p.Stats().out
	c.Note(func() string {
		return fmt.Sprintf("alice wrote %s without reading; the server's buffers out of the pool: %d.", mib(pushed.total), out)
	})
	switch {
	case !full && out <= 1:
		c.Failf("alice kept writing without reading, yet the server never held more than one buffer: it reads a chunk, then blocks writing it back, and reads nothing more meanwhile. Give each connection a reader goroutine and a writer goroutine joined by a channel of s.queue() buffers (Queue is %d here), so that reading runs ahead of writing.", queue)
	case !full:
		c.Failf("alice kept writing without reading, and the server held only %d buffers. With Queue = %d, the reader should fill the channel with %d buffers while the writer is stuck.", out, queue, queue)
	case out > queue+2:
		c.Failf("with Queue = %d, the server held %d buffers for alice. At most Queue in the channel, one in the writer's Write and one in the reader's hand: the queue is not bounded by Queue.", queue, out)
	}
}

// abandon: a client fills the server's queue without reading, then resets
// its connection. Every buffer comes back to the pool: after a failed
// write the writer keeps taking chunks off the queue, so the reader is
// never left blocked on a full channel, holding buffers for ever.
func (s suite) abandon(c *check.T) {
	const queue = 4
	p := newCheckPool()
	c.Start(s.serveWith(Options{Queue: queue, Pool: p}))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	stop := make(chan struct{})
	c.Go(func() error {
		push(alice.Conn(), pushLimit, 200*time.Millisecond, stop, 3*time.Second)
		return nil
	})
	full := eventually(c, 3*time.Second, func() bool { return p.Stats().out >= queue })
	close(stop)
	c.Wait()
	if !full {
		c.Failf("alice wrote without reading, but the server's queue never filled (%d buffers out), so this check cannot go on. Make split pass first.", p.Stats().out)
	}
	held := p.Stats().out
	alice.Reset()
	if !eventually(c, check.ReadTimeout, func() bool { return p.Stats().out == 0 }) {
		c.Failf("alice filled the server's queue without reading (%d buffers out), then reset her connection. %v later the server still holds %d of the pool's buffers: the reader is stuck sending on a full channel that nobody empties, and its goroutine and buffers are lost for good. After a failed Write, the writer must close conn and keep receiving (and putting back) until the reader closes the channel.", held, check.ReadTimeout, p.Stats().out)
	}
}

// backpressure: a client that writes and never reads can push only as
// much as the kernel's buffers and the server's queue hold before its
// writes stall; the server does not buffer without limit.
func (s suite) backpressure(c *check.T) {
	c.Launch(s.serveWith(Options{Queue: 8}), "-queue", "8")
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	var pushed pushResult
	c.Go(func() error {
		pushed = push(alice.Conn(), pushLimit, 400*time.Millisecond, nil, 8*time.Second)
		return nil
	})
	c.Wait()
	switch {
	case pushed.err != nil:
		c.Failf("alice's writes failed after %s: %v. The server should stop reading from a client that does not read its echo, not close the connection.", mib(pushed.total), pushed.err)
	case !pushed.stalled:
		c.Failf("alice wrote %s and never read a byte, and her writes never stalled. Kernel buffers and a queue of 8 chunks hold far less: the server keeps reading and buffering what it cannot send, so its memory grows with every client that stops reading. Make the queue between reader and writer a channel with capacity s.queue(); a full channel should block the reader.", mib(pushed.total))
	}
}

// streams: eight clients stream different data at once, and each gets
// back exactly its own. The server's buffers come from a pool that fills
// every buffer it gets back with the word POOL, so a buffer written after
// being returned shows up in the echo.
func (s suite) streams(c *check.T) {
	p := newCheckPool()
	c.Start(s.serveWith(Options{Queue: 2, Pool: p}))
	c.Note(p.explainPoison)
	const n = 8
	clients := make([]*check.Client, n)
	data := make([][]byte, n)
	for i := range clients {
		clients[i] = c.Dial(fmt.Sprintf("client%d", i))
		data[i] = check.RandomBytes(256<<10, uint64(i))
		c.Go(func() error { return clients[i].WriteChunks(data[i], []int{5000, 16 << 10, 1, 40000}) })
	}
	for i, cl := range clients {
		cl.ExpectBytes(data[i])
	}
	c.Wait()
	if msg := p.Stats().problem; msg != "" {
		c.Failf("the Pool saw a mistake: %s", msg)
	}
}

// allocs: echoing a 64-byte message in steady state allocates nothing,
// on the server's side or anywhere else in the process.
func (s suite) allocs(c *check.T) {
	var o Options // the server's own pool: a pool of []byte is a mistake to catch
	if raceEnabled {
		// Under the race detector, sync.Pool throws away a quarter of
		// the buffers put back, on purpose, to shake out code that
		// counts on getting them again; every pooled server would seem
		// to allocate. Count with the check's pool, which keeps them all.
		o.Pool = newCheckPool()
	}
	c.Start(s.serveWith(o))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	conn := alice.Conn()
	msg := bytes.Repeat([]byte("0123456789abcdef"), 4)
	got := make([]byte, len(msg))
	var failed error
	roundTrip := func() {
		if failed != nil {
			return
		}
		if _, err := conn.Write(msg); err != nil {
			failed = err
			return
		}
		if _, err := io.ReadFull(conn, got); err != nil {
			failed = err
			return
		}
		if !bytes.Equal(got, msg) {
			failed = fmt.Errorf("echoed %q, want %q", got, msg)
		}
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	for range 50 { // fill the pool and grow every stack first
		roundTrip()
	}
	perMessage := testing.AllocsPerRun(200, roundTrip)
	conn.SetDeadline(time.Time{})
	if failed != nil {
		c.Failf("a round trip failed while allocations were being counted: %v", failed)
	}
	if perMessage > 0 {
		c.Failf("echoing one 64-byte message made %.0f allocations. At 100,000 messages a second that is garbage the collector must chase. Usual causes: a sync.Pool of []byte rather than *[]byte (putting a slice into an interface allocates), copying each chunk (append([]byte(nil), buf[:n]...)) before queueing it (TODO(4)), a closure made for every read in chunks (TODO(2): make it once per connection), or a log line per message.", perMessage)
	}
}

// thousand: 1,000 clients connected at once each get their own message
// back (the lecture's exercise 3).
func (s suite) thousand(c *check.T) {
	const n = 1000
	if why, ok := ensureFiles(2*n + 200); !ok {
		c.Skipf("cannot hold %d connections: %s", n, why)
	}
	c.Launch(s.serveWith(Options{}))
	conns := make([]net.Conn, 0, n)
	c.Cleanup(func() {
		for _, conn := range conns {
			conn.Close()
		}
	})
	for i := range n {
		conn, err := net.DialTimeout("tcp", c.Addr, check.ReadTimeout)
		if err != nil {
			c.Failf("client %d of %d could not connect: %v. \"too many open files\" means a file limit is too low or connections are leaking.", i+1, n, err)
		}
		conns = append(conns, conn)
	}
	msg := func(i int) []byte { return fmt.Appendf(nil, "client %04d of %d\n", i, n) }
	for i, conn := range conns {
		conn.SetDeadline(time.Now().Add(2 * check.ReadTimeout))
		if _, err := conn.Write(msg(i)); err != nil {
			c.Failf("client %04d could not send: %v", i, err)
		}
	}
	got := make([]byte, len(msg(0)))
	for k := range conns {
		i := (k * 389) % n // read back in a scrambled order
		if _, err := io.ReadFull(conns[i], got); err != nil {
			c.Failf("with %d clients connected, client %04d did not get its echo: %s; %s. Every connection needs its own goroutines for as long as it is open: a fixed number of workers, a semaphore, or a lock held while one connection waits leaves the rest unserved.", n, i, readFailure(err), answered(k))
		}
		if want := msg(i); !bytes.Equal(got, want) {
			c.Failf("client %04d received %q, want %q", i, got, want)
		}
	}
}

// answered says how many clients got their echo before one failed.
func answered(k int) string {
	switch k {
	case 0:
		return "it was the first client read"
	case 1:
		return "the one client read before it had its echo"
	}
	return fmt.Sprintf("the %d clients read before it had theirs", k)
}

// readFailure says in words why a read failed.
func readFailure(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Sprintf("nothing came back within %v, though the connection was open", 2*check.ReadTimeout)
	}
	return fmt.Sprintf("the read failed (%v)", err)
}

// nagleListener hands over connections with Nagle's algorithm switched
// back on, and passes the first to the check.
type nagleListener struct {
	net.Listener
	accepted chan *net.TCPConn
}

func (l *nagleListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetNoDelay(false)
		select {
		case l.accepted <- tc:
		default:
		}
	}
	return conn, err
}

// pushLimit is far more than kernel buffers and a bounded queue can hold
// for one connection on loopback, and far less than 64 MiB.
const pushLimit = 48 << 20

type pushResult struct {
	total   int64
	stalled bool // a write made no progress for a whole stall period
	err     error
}

// push writes to conn without ever reading, until no byte has gone out for
// stall, total reaches limit, stop is closed or budget has passed.
func push(conn net.Conn, limit int64, stall time.Duration, stop <-chan struct{}, budget time.Duration) pushResult {
	chunk := bytes.Repeat([]byte("never read "), 64<<10/11)
	start := time.Now()
	progress := start
	var r pushResult
	defer conn.SetWriteDeadline(time.Time{})
	for r.total < limit && time.Since(start) < budget {
		select {
		case <-stop:
			return r
		default:
		}
		conn.SetWriteDeadline(time.Now().Add(stall / 4))
		n, err := conn.Write(chunk)
		r.total += int64(n)
		if n > 0 {
			progress = time.Now()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if stop == nil && time.Since(progress) >= stall {
				r.stalled = true
				return r
			}
			continue
		}
		if err != nil {
			r.err = err
			return r
		}
	}
	return r
}

// eventually polls cond every few milliseconds for up to d, and reports
// whether it became true. It is for counters that settle on their own
// shortly after the traffic a case has already checked.
func eventually(c *check.T, d time.Duration, cond func() bool) bool {
	end := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		select {
		case <-c.Expired():
			return cond()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// checkPool is a Pool that counts what is borrowed and poisons what is
// returned: each buffer it takes back is filled with "POOL" before anyone
// can borrow it again, like a debugging allocator. It is slower than a
// sync.Pool and gives buffers back in last-in, first-out order, so a
// buffer returned too early is handed out again at once.
type checkPool struct {
	mu      sync.Mutex
	free    []*[]byte
	out     map[*[]byte]bool
	gets    int
	problem string
}

func newCheckPool() *checkPool { return &checkPool{out: map[*[]byte]bool{}} }

var poison = []byte("POOL")

func (p *checkPool) Get() *[]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gets++
	var b *[]byte
	if k := len(p.free); k > 0 {
		b, p.free = p.free[k-1], p.free[:k-1]
	} else {
		buf := make([]byte, 16<<10)
		b = &buf
	}
	p.out[b] = true
	return b
}

func (p *checkPool) Put(b *[]byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b == nil || !p.out[b] {
		if p.problem == "" {
			p.problem = "Put was given a buffer that was not borrowed at that moment: the same buffer went back twice, or a buffer that never came from Get went in."
		}
		return
	}
	delete(p.out, b)
	*b = (*b)[:cap(*b)]
	for i := 0; i < len(*b); i += len(poison) {
		copy((*b)[i:], poison)
	}
	p.free = append(p.free, b)
}

type poolStats struct {
	gets, out int
	problem   string
}

func (p *checkPool) Stats() poolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return poolStats{gets: p.gets, out: len(p.out), problem: p.problem}
}

func (p *checkPool) explainPoison() string {
	if p.Stats().gets == 0 {
		return "" // nothing was borrowed, so nothing can have been poisoned
	}
	return "the check's Pool fills every buffer it takes back with \"POOLPOOL...\". If those bytes reached a client, the server wrote a buffer after putting it back: Put it only once the Write of its bytes has returned."
}
