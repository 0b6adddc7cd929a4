package perftest

import (
	"fmt"
	"time"

	"tcpworkbook/kit/check"
)

// split: while a client is not reading its echo, the reader keeps reading
// until the queue between it and the writer is full: Queue buffers wait in
// the channel, one is in the writer's blocked Write and perhaps one is in
// the reader's hand.
func (s suite) split(c *check.T) {
	const queue = 4
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Queue: queue, Pool: p}))
	before := c.Goroutines() // the accept loop's goroutine is the server's for good
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	requireGets(c, p)
	h := watchHandOver(c, alice)

	// alice writes and never reads, until the pool shows the queue full
	// or a time limit passes.
	stop := make(chan struct{})
	var pushed pushResult
	c.Go(func() error {
		pushed = push(alice.Conn(), pushLimit, 200*time.Millisecond, stop, 3*time.Second)
		return nil
	})
	full := c.Eventually(3*time.Second, func() bool { return p.Stats().out >= queue })
	close(stop)
	c.Wait()
	out := p.Stats().out
	c.Note(func() string { return fmt.Sprintf(msgPushed, mib(pushed.total), out) })
	if !full && h.writerAlive(0) { // push has returned
		// The reader stopped early although a writer is waiting on
		// alice: the reader was waiting on a write of its own.
		c.Diagnose(check.Symptom{ID: symptomInlineBlocks, Todo: 5, Reading: readingInlineBlocks})
	} else if !full && h.inline {
		c.Note(func() string { return msgMaybeInlineBlocks })
	}
	switch {
	case !full && out <= 1:
		c.Failf(msgOneBuffer, queue)
	case !full:
		c.Failf(msgQueueShort, out, queue, queue)
	case out > queue+2:
		c.Failf(msgQueueUnbounded, queue, out)
	}
	// Once alice has gone, her reader and her writer end: a writer that
	// outlives its connection is one more goroutine per client served.
	alice.Reset()
	c.Todo(4)
	c.ExpectNoNewGoroutines(before, "alice has left")
}

// abandonStall is how long alice's writes must make no progress before
// abandon takes the server as stuck. Longer than any pause of a busy
// machine under the race detector, so that a stall is never a hiccup.
const abandonStall = 400 * time.Millisecond

// abandon: a client fills the server's queue without reading, then resets
// its connection. Every buffer comes back to the pool: after a failed
// write the writer keeps taking chunks off the queue, so the reader is
// never left blocked on a full channel, holding buffers for ever.
//
// alice writes until her writes stall, not merely until a few buffers are
// out: only once nothing moves is the writer blocked in a Write that alice
// does not read, the channel full and the reader blocked sending on it.
// Reset any earlier and a writer that walks away at its first failed
// Write may find the queue already drained, and go uncaught.
func (s suite) abandon(c *check.T) {
	const queue = 4
	p := newCheckPool()
	c.Start(s.impl.Serve.Bind(Config{Queue: queue, Pool: p}))
	alice := c.Dial("alice")
	alice.Send("warm-up\n")
	alice.Expect("warm-up\n")
	h := watchHandOver(c, alice)
	var pushed pushResult
	c.Go(func() error {
		pushed = push(alice.Conn(), pushLimit, abandonStall, nil, 8*time.Second)
		return nil
	})
	c.Wait()
	held := p.Stats().out
	if held < queue+1 && h.writerAlive(0) { // push has returned
		// A writer waits on alice, yet the reader stopped short of a
		// full queue: it was waiting on a write of its own.
		c.Diagnose(check.Symptom{ID: symptomInlineBlocks, Todo: 5, Reading: readingInlineBlocks})
	}
	switch {
	case !pushed.stalled:
		c.Failf(msgNeverStalled, mib(pushed.total))
	case held < queue+1: // the channel full, and one in the writer's Write
		c.Failf(msgNeverFull, mib(pushed.total), held)
	}
	alice.Reset()
	if !c.Eventually(check.ReadTimeout, func() bool { return p.Stats().out == 0 }) {
		c.Failf(msgAbandoned, held, check.ReadTimeout, p.Stats().out)
	}
}

// backpressure: a client that writes and never reads can push only as
// much as the kernel's buffers and the server's queue hold before its
// writes stall; the server does not buffer without limit.
func (s suite) backpressure(c *check.T) {
	check.Launch(c, s.impl.Serve, Config{Queue: QueueFlag.Default})
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
		c.Failf(msgWritesFailed, mib(pushed.total), pushed.err)
	case !pushed.stalled:
		c.Failf(msgNoBackpressure, mib(pushed.total))
	}
}
