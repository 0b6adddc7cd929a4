package chat

import (
	"bufio"
	"fmt"
	"sync"
)

// outbox holds the lines waiting to be written to one client. push never
// blocks: when the outbox is full it drops the oldest line and counts it.
// So a client that stops reading costs at most limit lines of memory, and
// whoever is talking never waits for it.
//
// The lines are kept in a ring, like the buffer of Tokio's broadcast
// channel: dropping the oldest line overwrites its slot and moves head
// on, so a push into a full outbox costs the same as one into an empty
// one. (Deleting the first element of a slice moves all the others: push
// runs under the room's lock, so with -queue 100000 and a few clients that
// never read, every line said in the room would wait for millions of
// copies.)
type outbox struct {
	mu       sync.Mutex
	ring     []string // the queued lines, oldest at ring[head]; it grows up to limit
	head     int      // where the oldest line is
	n        int      // how many lines are queued
	limit    int
	greeting string // sent before anything else, and never dropped (see greet)
	missed   int    // lines dropped since the last take
	closed   bool   // no more pushes; take returns what is left, then stops
	ready    chan struct{}
}

func newOutbox(limit int) *outbox {
	// ready holds a token while there may be something to take; a buffer
	// of one means push never waits to leave it.
	return &outbox{limit: limit, ready: make(chan struct{}, 1)}
}

// greet queues line ahead of every line pushed, outside the ring, where
// no push can drop it: a client is sure to read its welcome first, however
// busy the room is before its writer first runs.
func (o *outbox) greet(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.greeting = line
	o.wake()
}

// push queues line, dropping the oldest line if the outbox is full.
func (o *outbox) push(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	if o.n == o.limit {
		// The client is not keeping up. Drop what it would see last
		// anyway, the oldest line: its slot takes the newest, and the
		// next oldest becomes the head.
		o.ring[o.head] = line
		o.head = (o.head + 1) % len(o.ring)
		o.missed++
		o.wake()
		return
	}
	o.add(line)
	o.wake()
}

// add puts line after the newest, growing the ring when it is full.
func (o *outbox) add(line string) {
	if o.n == len(o.ring) {
		// Double it, but never past limit, so that a full outbox has
		// exactly limit slots. A quiet client's outbox stays small.
		size := max(16, 2*len(o.ring))
		if len(o.ring) < o.limit {
			size = min(size, o.limit)
		}
		ring := make([]string, size)
		o.copyOut(ring)
		o.ring, o.head = ring, 0
	}
	o.ring[(o.head+o.n)%len(o.ring)] = line
	o.n++
}

// copyOut copies the queued lines, oldest first, to the start of dst.
func (o *outbox) copyOut(dst []string) {
	tail := min(o.head+o.n, len(o.ring))
	k := copy(dst, o.ring[o.head:tail])
	copy(dst[k:], o.ring[:o.n-k])
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

// take waits until there is something to send and returns it all, in the
// order the client must see it: the greeting, if one is waiting; then, if
// lines were dropped, "* missed N messages"; then the queued lines, oldest
// first. missed is that N, for the log. ok is false once the outbox is
// closed and empty.
func (o *outbox) take() (lines []string, missed int, ok bool) {
	for {
		o.mu.Lock()
		lines, missed = o.drain()
		closed := o.closed
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

// drain empties the outbox into a new slice, with o.mu held. The copy is
// the writer's work, once per batch: pushes never move a line.
func (o *outbox) drain() (lines []string, missed int) {
	if o.greeting == "" && o.missed == 0 && o.n == 0 {
		return nil, 0
	}
	lines = make([]string, 0, 2+o.n)
	if o.greeting != "" {
		lines = append(lines, o.greeting)
		o.greeting = ""
	}
	if o.missed > 0 {
		lines = append(lines, fmt.Sprintf("* missed %d messages\n", o.missed))
	}
	lines = lines[:len(lines)+o.n]
	o.copyOut(lines[len(lines)-o.n:])
	if len(o.ring) > keepRing {
		o.ring = nil // a burst is over: an idle client's outbox stays small
	} else {
		clear(o.ring) // let the lines go: the writer holds them now
	}
	missed, o.missed, o.head, o.n = o.missed, 0, 0, 0
	return lines, missed
}

// keepRing is the largest ring an outbox keeps once it has been emptied.
const keepRing = 256

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
