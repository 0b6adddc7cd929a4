package perftest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"testing"
	"time"

	"tcpworkbook/kit/check"
)

// streams: eight clients stream different data at once, and each gets
// back exactly its own. The server's buffers come from a pool that fills
// every buffer it gets back with the word POOL, so a buffer written after
// being returned shows up in the echo.
func (s suite) streams(c *check.T) {
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Queue: 2, Pool: p}))
	c.Note(p.explainPoison(c))
	const n = 8
	clients := make([]*check.Client, n)
	data := make([][]byte, n)
	for i := range clients {
		clients[i] = c.Dial(fmt.Sprintf("client%d", i))
		data[i] = check.RandomBytes(256<<10, uint64(i))
	}
	h := watchHandOver(c, clients[0])
	for i, cl := range clients {
		c.Go(func() error { return cl.WriteChunks(data[i], []int{5000, 16 << 10, 1, 40000}) })
	}
	// Evaluated when a report is made, before it picks its TODO.
	c.Note(func() string {
		// Not when the pool saw a mistake, or its poison arrived: that is
		// TODO(1)'s or TODO(4)'s.
		if h.writersStarted(n) && p.Stats().problem == "" && !poisonArrived(c) { // n: the writers just started
			c.Diagnose(check.Symptom{ID: symptomHandOver, Todo: 5, Reading: readingHandOver})
		}
		return ""
	})
	for i, cl := range clients {
		cl.ExpectBytes(data[i])
	}
	c.Wait()
	failOnProblem(c, p)
}

// allocs: echoing a 64-byte message in steady state allocates nothing,
// on the server's side or anywhere else in the process.
func (s suite) allocs(c *check.T) {
	// The server's own pool: a pool of []byte is a mistake to catch. And
	// a log that formats every line it is given, as a real one does.
	cfg := Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if raceEnabled {
		// Under the race detector, sync.Pool throws away a quarter of
		// the buffers put back, on purpose, to shake out code that
		// counts on getting them again; every pooled server would seem
		// to allocate. Count with the check's pool, which keeps them all.
		p := newCheckPool()
		p.untraced = true
		cfg.Pool = p
	}
	c.Start(s.impl.Serve.Bind(cfg))
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
	if perMessage > 0 && failed == nil {
		// Run again with every allocation sampled, to say which code
		// makes them: the TODO is that code's, not this check's.
		const trips = 50
		ss := allocSites(c, func() {
			for range trips {
				roundTrip()
			}
		})
		// What allocates for every message, not once in a while (a
		// sync.Pool refilling after a collection).
		ss = slices.DeleteFunc(ss, func(s site) bool { return s.n < trips/2 })
		if len(ss) > 0 {
			if n := rawCallbackTodo(ss[0].where); n != 0 {
				ss[0].todo = n
			}
		}
		if len(ss) > 0 && ss[0].todo != 0 {
			c.Diagnose(check.Symptom{ID: symptomAllocates, Todo: ss[0].todo,
				Reading: fmt.Sprintf("in %d more round trips, the server's code allocated here:", trips) + list(ss, "allocations")})
		}
	}
	conn.SetDeadline(time.Time{})
	if failed != nil {
		c.Failf(msgRoundTripFailed, failed)
	}
	if perMessage > 0 {
		c.Failf(msgAllocates, perMessage, plural(perMessage))
	}
}

// thousand: 1,000 clients connected at once each get their own message
// back (the lecture's exercise 3).
func (s suite) thousand(c *check.T) {
	const n = 1000
	if why, ok := ensureFiles(2*n + 200); !ok {
		c.Skipf("cannot hold %d connections: %s", n, why)
	}
	check.Launch(c, s.impl.Serve, Config{})
	conns := make([]net.Conn, 0, n)
	c.Cleanup(func() {
		for _, conn := range conns {
			conn.Close()
		}
	})
	for i := range n {
		conn, err := net.DialTimeout("tcp", c.Addr, check.ReadTimeout)
		if err != nil {
			c.Failf(msgCannotConnect, i+1, n, err)
		}
		conns = append(conns, conn)
	}
	msg := func(i int) []byte { return fmt.Appendf(nil, "client %04d of %d\n", i, n) }
	for i, conn := range conns {
		conn.SetDeadline(time.Now().Add(2 * check.ReadTimeout))
		if _, err := conn.Write(msg(i)); err != nil {
			c.Failf(msgCannotSend, i, err)
		}
	}
	got := make([]byte, len(msg(0)))
	for k := range conns {
		i := (k * 389) % n // read back in a scrambled order
		if _, err := io.ReadFull(conns[i], got); err != nil {
			c.Failf(msgNoEcho, n, i, readFailure(err), answered(k))
		}
		if want := msg(i); !bytes.Equal(got, want) {
			c.Failf(msgWrongEcho, i, got, want)
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

// plural is "s" unless n is one.
func plural(n float64) string {
	if n == 1 {
		return ""
	}
	return "s"
}
