package miniredis

import (
	"log/slog"
	"net"
	"sync"
)

// An outbox holds the bytes on their way to one subscribed client, and its
// run goroutine writes them. Publishers push into it and return at once,
// whatever the client's network is doing. A client that falls more than
// limit bytes behind is disconnected, as Redis's client-output-buffer-limit
// for pubsub clients does, rather than costing memory without bound.
//
// Once a client has subscribed, its own replies go through its outbox too
// (its bufio.Writer writes into it), so that replies and messages reach it
// in the order they were produced.
type outbox struct {
	conn  net.Conn
	limit int
	log   *slog.Logger

	mu      sync.Mutex
	queue   net.Buffers // ready to be written, oldest first
	staged  []byte      // the client's replies since its last commit
	pending int         // bytes queued, staged or being written
	closed  bool        // nothing more is accepted; run stops once queue is empty

	ready chan struct{} // holds a token while run may have work
	done  chan struct{} // closed when run returns
}

func newOutbox(conn net.Conn, limit int, log *slog.Logger) *outbox {
	return &outbox{
		conn:  conn,
		limit: limit,
		log:   log,
		ready: make(chan struct{}, 1),
		done:  make(chan struct{}),
	}
}

// push queues a message. msg is not copied, since every subscriber of a
// channel gets the same slice, so it must not change afterwards. push
// reports whether the client received it (false once the outbox is
// closed: a client on its way out is no longer a receiver), and whether
// msg took the client over its limit: the outbox then drops everything
// and closes, and the caller must call disconnect once it holds no lock,
// since that closes a connection. As in Redis, the message that overflows
// counts as received.
func (o *outbox) push(msg []byte) (received, overflowed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return false, false
	}
	if o.overflows(len(msg)) {
		return true, true
	}
	o.queue = append(o.queue, msg)
	o.wake()
	return true, false
}

// Write stages a copy of p. It is how the client's own replies, flushed
// from its bufio.Writer, enter the outbox. Staged bytes wait for commit:
// bufio may write one long reply in several pieces, and a message pushed
// between two of them would corrupt it.
func (o *outbox) Write(p []byte) (int, error) {
	o.mu.Lock()
	overflowed := false
	switch {
	case o.closed:
		// The connection is going away: drop the bytes.
	case o.overflows(len(p)):
		overflowed = true
	default:
		o.staged = append(o.staged, p...)
	}
	o.mu.Unlock()
	if overflowed {
		o.disconnect()
		return 0, errSlowSubscriber
	}
	return len(p), nil
}

// commit queues the staged replies, behind whatever was pushed meanwhile.
// The client calls it between commands, when every staged reply is whole.
func (o *outbox) commit() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.staged) > 0 {
		o.queue = append(o.queue, o.staged)
		o.staged = nil
		o.wake()
	}
}

// overflows counts n more bytes against the limit. If they do not fit, it
// closes the outbox, drops what it holds and reports true. o.mu must be
// held.
func (o *outbox) overflows(n int) bool {
	if o.pending+n > o.limit {
		o.drop()
		return true
	}
	o.pending += n
	return false
}

// drop closes the outbox and lets go of everything it holds. o.mu must be
// held.
func (o *outbox) drop() {
	o.closed = true
	o.queue, o.staged = nil, nil
	o.wake()
}

// disconnect closes the connection of a client that overflowed its
// outbox. Its command loop then fails to read and ends the connection as
// any other end does.
func (o *outbox) disconnect() {
	o.log.Warn("subscriber fell too far behind; disconnected", "pubsub-limit", o.limit)
	o.conn.Close()
}

// close has run write out what is queued, then return.
func (o *outbox) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	o.wake()
}

// wake makes sure run looks at the outbox again. o.mu must be held.
func (o *outbox) wake() {
	select {
	case o.ready <- struct{}{}:
	default: // a token is already waiting
	}
}

// run writes the queue to the connection until the outbox is closed and
// empty, or a write fails. Everything queued since the last write goes out
// in one writev, so a burst of messages costs one system call.
func (o *outbox) run() {
	defer close(o.done)
	for {
		bufs, ok := o.take()
		if !ok {
			return
		}
		n := 0
		for _, b := range bufs {
			n += len(b)
		}
		_, err := bufs.WriteTo(o.conn)
		o.mu.Lock()
		o.pending -= n
		if err != nil {
			o.drop()
		}
		o.mu.Unlock()
		if err != nil {
			// The client is gone or stuck past the shutdown deadline.
			// Closing the connection stops its command loop too.
			o.conn.Close()
			return
		}
	}
}

// take waits until the queue holds something and takes it all. It reports
// false once the outbox is closed and empty.
func (o *outbox) take() (net.Buffers, bool) {
	for {
		o.mu.Lock()
		bufs, closed := o.queue, o.closed
		o.queue = nil
		o.mu.Unlock()
		if len(bufs) > 0 {
			return bufs, true
		}
		if closed {
			return nil, false
		}
		<-o.ready
	}
}
