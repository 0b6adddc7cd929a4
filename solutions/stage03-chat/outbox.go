package chat

import (
	"bufio"
	"fmt"
	"slices"
	"sync"
)

// outbox holds the lines waiting to be written to one client. push never
// blocks: when the outbox is full it drops the oldest line and counts it.
// So a client that stops reading costs at most limit lines of memory, and
// whoever is talking never waits for it.
type outbox struct {
	mu     sync.Mutex
	lines  []string
	limit  int
	missed int  // lines dropped since the last take
	closed bool // no more pushes; take returns what is left, then stops
	ready  chan struct{}
}

func newOutbox(limit int) *outbox {
	// ready holds a token while there may be something to take; a buffer
	// of one means push never waits to leave it.
	return &outbox{limit: limit, ready: make(chan struct{}, 1)}
}

// push queues line, dropping the oldest line if the outbox is full.
func (o *outbox) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	if len(o.lines) == o.limit {
		// The client is not keeping up. Drop what it would see last
		// anyway, the oldest line, and remember to tell it.
		o.lines = slices.Delete(o.lines, 0, 1)
		o.missed++
	}
	o.lines = append(o.lines, line)
	o.wake()
}

// close stops the outbox: later pushes are ignored, and take returns the
// lines still queued and then reports that it is done.
func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.wake()
}

func (o *outbox) wake() {
	select {
	case o.ready <- struct{}{}:
	default: // a token is already waiting
	}
}

// take waits until there are lines to send and returns them all, with how
// many were dropped just before them. ok is false once the outbox is
// closed and empty.
func (o *outbox) take() (lines []string, missed int, ok bool) {
	for {
		o.mu.Lock()
		lines, missed, closed := o.lines, o.missed, o.closed
		o.lines, o.missed = nil, 0
		o.mu.Unlock()
		if len(lines) > 0 {
			return lines, missed, true
		}
		if closed {
			return nil, 0, false
		}
		<-o.ready
	}
}

// writeLoop writes c's outbox to its connection until the outbox is closed
// and empty, or a write fails. A client that stops reading blocks this
// goroutine in Write, and nothing else.
func (c *client) writeLoop() {
	w := bufio.NewWriter(c.conn)
	for {
		lines, missed, ok := c.out.take()
		if !ok {
			return
		}
		if missed > 0 {
			c.log.Warn("lagging", "missed", missed)
			fmt.Fprintf(w, "* missed %d messages\n", missed)
		}
		for _, line := range lines {
			w.WriteString(line)
		}
		// One flush per batch: a burst goes out in few system calls, and
		// the buffer is empty whenever we wait for more.
		if err := w.Flush(); err != nil {
			return
		}
	}
}
