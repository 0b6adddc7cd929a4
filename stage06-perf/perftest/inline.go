package perftest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"tcpworkbook/kit/check"
)

// roundTrips is how many messages inline echoes one at a time.
const roundTrips = 200

// inline: while a client keeps up, nothing waits in the queue, so the
// reader writes each echo itself. It counts the goroutines the whole
// process starts during 200 round trips of 64 bytes, one at a time: a
// server that hands every chunk to a new writer starts one per message.
func (s suite) inline(c *check.T) {
	if !canCountStarts() {
		c.Skipf("this Go release has no runtime/metrics %s, so goroutine starts cannot be counted", metricStarts)
	}
	c.Start(s.impl.Serve.Bind(Config{}))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	started, err := goroutinesPerRoundTrip(c, alice, roundTrips)
	if err != nil {
		c.Failf(msgInlineRoundTrip, err)
	}
	if started > roundTrips/10 {
		c.Failf(msgGoroutinePerMessage, roundTrips, started, float64(started)/roundTrips)
	}
}

// goroutinesPerRoundTrip echoes n messages of 64 bytes on cl's
// connection, one at a time, and returns how many goroutines the process
// started meanwhile. It uses the bare connection, and logs one line for
// all n: n lines of traffic would bury a report.
func goroutinesPerRoundTrip(c *check.T, cl *check.Client, n int) (uint64, error) {
	conn := cl.Conn()
	msg := bytes.Repeat([]byte("0123456789abcdef"), 4)
	got := make([]byte, len(msg))
	quiesce()
	conn.SetDeadline(time.Now().Add(check.ReadTimeout))
	defer conn.SetDeadline(time.Time{})
	before := goroutinesCreated()
	for i := range n {
		if _, err := conn.Write(msg); err != nil {
			return 0, fmt.Errorf("sending message %d: %w", i+1, err)
		}
		if _, err := io.ReadFull(conn, got); err != nil {
			return 0, fmt.Errorf("waiting for the echo of message %d: %s", i+1, readFailure(err))
		}
		if !bytes.Equal(got, msg) {
			return 0, fmt.Errorf("the echo of message %d was %q", i+1, got)
		}
	}
	c.Event(cl.Name, fmt.Sprintf("%d round trips of 64 bytes, one at a time, each echoed whole (not listed)", n))
	return goroutinesCreated() - before, nil
}

// handOver watches for the sign that a server does both TODO(4) and
// TODO(5): it echoes a message without starting a goroutine (it writes
// inline, or it has TODO(4) still to do), and yet runs another one once a
// client falls behind (a writer, for the queue). For such a server, a
// mistake seen after that is most likely in the hand-over between the
// two, and a report should send the student to TODO(5), not TODO(4).
type handOver struct {
	inline  bool   // round trips started no goroutine
	alive   int    // goroutines alive when watching began
	created uint64 // goroutines started in the process by then
}

// watchHandOver makes a few round trips on cl's connection, which must be
// quiet, and starts watching.
func watchHandOver(c *check.T, cl *check.Client) handOver {
	const n = 20
	if !canCountStarts() {
		return handOver{} // never seen: reports keep their own TODO
	}
	started, err := goroutinesPerRoundTrip(c, cl, n)
	return handOver{
		inline:  err == nil && started < n/2,
		alive:   runtime.NumGoroutine(),
		created: goroutinesCreated(),
	}
}

// writerAlive reports whether the server writes inline and runs more
// goroutines now than when watching began: a writer, waiting on a client.
// ours is how many of the check's own goroutines are still running.
//
// A writer waiting on a client stays; a goroutine of the check's that has
// just finished may still be counted for a moment. So the extra must hold
// for 50 ms.
func (h handOver) writerAlive(ours int) bool {
	if !h.inline {
		return false
	}
	for range 10 {
		if runtime.NumGoroutine()-h.alive <= ours {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// writersStarted reports whether the server writes inline and has started
// goroutines since watching began. ours is how many the check itself
// started meanwhile; the runtime may start one or two of its own.
func (h handOver) writersStarted(ours int) bool {
	return h.inline && goroutinesCreated()-h.created > uint64(ours+2)
}

// quiesce waits, for up to two seconds, until for 10 ms the process has
// started no goroutine and none has ended. The servers of earlier checks
// may still be closing their connections, and whatever their goroutines
// do meanwhile would otherwise be counted as this check's.
func quiesce() {
	const quiet = 10 * time.Millisecond
	end := time.Now().Add(2 * time.Second)
	created, alive := goroutinesCreated(), runtime.NumGoroutine()
	for time.Now().Before(end) {
		time.Sleep(quiet)
		c, a := goroutinesCreated(), runtime.NumGoroutine()
		if c == created && a == alive {
			return
		}
		created, alive = c, a
	}
}

// metricStarts counts the goroutines a process has started.
const metricStarts = "/sched/goroutines-created:goroutines"

// canCountStarts reports whether this Go release has metricStarts.
func canCountStarts() bool {
	sample := []metrics.Sample{{Name: metricStarts}}
	metrics.Read(sample)
	return sample[0].Value.Kind() == metrics.KindUint64
}

// goroutinesCreated is how many goroutines this process has started, or 0
// when it cannot tell (see canCountStarts).
func goroutinesCreated() uint64 {
	sample := []metrics.Sample{{Name: metricStarts}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}

// catchUpSize is what alice sends in catchUp: enough to fill the
// kernel's buffers on loopback and the server's queue behind them, many
// times over.
const catchUpSize = 16 << 20

// catchUpStep is how much alice reads before she stops again.
const catchUpStep = 1 << 20

// catchUp: a client stops reading until the server has had to queue its
// echo, reads a little, and stops again, sixteen times. The echo comes
// back whole and in order across every hand-over: from writing inline to
// queueing, when a write cannot finish at once, and back again once the
// queue has drained. A mistake in the hand-over shows only when the
// reader and the writer happen to meet, so each round is another chance.
func (s suite) catchUp(c *check.T) {
	const queue = 2
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Queue: queue, Pool: p}))
	c.Note(p.explainPoison(c))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")

	data := check.RandomBytes(catchUpSize, 6)
	var sent atomic.Bool
	c.Go(func() error {
		defer sent.Store(true)
		if err := alice.WriteChunks(data, []int{64 << 10, 1000, 16 << 10}); err != nil {
			return err
		}
		// With the server's queue full, most likely: the server reads
		// EOF while chunks still wait for alice.
		c.Event(alice.Name, "half-closed (no more sending)")
		return alice.Conn().(*net.TCPConn).CloseWrite()
	})
	var queued bool
	var off int
	c.Note(func() string { return catchUpNote(queued) })
	c.Note(func() string { return fmt.Sprintf(msgCatchUpWindow, off, min(off+catchUpStep, len(data))) })
	for ; off < len(data); off += catchUpStep {
		// Not reading: once the queue is full, every kind of write has
		// happened (inline, cut short, queued), and reading drains it.
		if c.Eventually(time.Second, func() bool { return p.Stats().out >= queue || sent.Load() }) {
			queued = queued || p.Stats().out >= queue
		}
		alice.ExpectBytes(data[off:min(off+catchUpStep, len(data))])
	}
	alice.ExpectEOF()
	c.Wait()
	failOnProblem(c, p)
}

// catchUpNote explains a wrong echo in catchUp.
func catchUpNote(queued bool) string {
	if !queued {
		return msgCatchUpNeverQueued
	}
	return fmt.Sprintf(msgCatchUpOrder, mib(catchUpSize))
}
