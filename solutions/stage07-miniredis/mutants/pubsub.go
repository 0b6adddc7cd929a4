package mutants

import (
	"net"
	"sync"
)

// hub is who is subscribed to what. PUBLISH only queues the message in
// each subscriber's outbox, under the hub's lock, and never waits for the
// network.
type hub struct {
	mu       sync.Mutex
	channels map[string]map[*client]bool

	// publishTo hands msg to one subscriber, with mu held, and reports
	// whether it is still a receiver.
	publishTo func(h *hub, c *client, channel string, msg []byte) bool
	// leave is how a client that hangs up leaves every channel.
	leave func(h *hub, c *client)
}

func newHub() *hub {
	return &hub{channels: map[string]map[*client]bool{}, publishTo: queueOrDrop, leave: leaveEvery}
}

// subscribe adds c to channel and confirms it, under the lock, so that
// the confirmation goes before any message to channel.
func (h *hub) subscribe(c *client, channel []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := string(channel)
	if h.channels[ch] == nil {
		h.channels[ch] = map[*client]bool{}
	}
	h.channels[ch][c] = true
	c.subs[ch] = true
	c.send(confirmation("subscribe", channel, len(c.subs)))
}

func (h *hub) unsubscribe(c *client, channel []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(c, string(channel))
	delete(c.subs, string(channel))
	c.send(confirmation("unsubscribe", channel, len(c.subs)))
}

// drop takes c out of channel, with mu held.
func (h *hub) drop(c *client, channel string) {
	delete(h.channels[channel], c)
	if len(h.channels[channel]) == 0 {
		delete(h.channels, channel)
	}
}

// leaveAll takes a client that is going away out of every channel.
func (h *hub) leaveAll(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.leave(h, c)
}

func leaveEvery(h *hub, c *client) {
	for ch := range c.subs {
		h.drop(c, ch)
	}
}

// publish queues msg for every subscriber of channel and returns how many
// received it.
func (h *hub) publish(channel string, msg []byte) (n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.channels[channel] {
		if h.publishTo(h, c, channel, msg) {
			n++
		}
	}
	return n
}

// queueOrDrop queues msg in c's outbox. A subscriber that msg takes over
// its limit is disconnected, and counted out of this channel at once;
// its own goroutine takes it out of the others as it ends.
func queueOrDrop(h *hub, c *client, channel string, msg []byte) bool {
	if !c.box.push(msg) {
		h.drop(c, channel)
		return false
	}
	return true
}

// send is a reply from the hub: into the outbox of a subscriber, else
// with the client's other replies.
func (c *client) send(b []byte) {
	if c.box != nil {
		c.box.push(b)
	} else {
		c.out = append(c.out, b...)
	}
}

// outbox holds the bytes on their way to a subscriber, and its run
// goroutine writes them, so that no publisher waits for a slow reader.
// A subscriber more than limit bytes behind is disconnected.
type outbox struct {
	conn  net.Conn
	limit int

	mu      sync.Mutex
	wake    *sync.Cond
	queue   net.Buffers
	pending int  // bytes queued or being written
	closed  bool // run stops once the queue is empty
	dropped bool // too far behind: nothing more is taken

	done chan struct{} // closed when run returns
}

func newOutbox(conn net.Conn, limit int) *outbox {
	o := &outbox{conn: conn, limit: limit, done: make(chan struct{})}
	o.wake = sync.NewCond(&o.mu)
	return o
}

// push queues b, which must not change afterwards, and reports false if
// the subscriber is, or now falls, too far behind: then it is dropped
// and its connection closed.
func (o *outbox) push(b []byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case o.dropped:
		return false
	case o.closed: // its client has left every channel: nobody sends here
		return true
	case o.pending+len(b) > o.limit:
		o.dropped, o.closed, o.queue = true, true, nil
		o.conn.Close() // wakes the writer and the client's reader
		o.wake.Signal()
		return false
	}
	o.queue = append(o.queue, b)
	o.pending += len(b)
	o.wake.Signal()
	return true
}

func (o *outbox) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	o.wake.Signal()
}

// run writes what is queued until the outbox is closed and empty, or the
// connection fails.
func (o *outbox) run() {
	defer close(o.done)
	o.mu.Lock()
	defer o.mu.Unlock()
	for {
		for len(o.queue) == 0 && !o.closed {
			o.wake.Wait()
		}
		if len(o.queue) == 0 {
			return
		}
		bufs := o.queue
		o.queue = nil
		o.mu.Unlock()
		n, err := bufs.WriteTo(o.conn)
		o.mu.Lock()
		o.pending -= int(n)
		if err != nil {
			o.conn.Close() // the client's reader finds out too
			o.closed, o.queue = true, nil
			return
		}
	}
}
