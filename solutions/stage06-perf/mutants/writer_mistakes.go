package mutants

import (
	"context"
	"net"

	"tcpworkbook/kit/check"
	"tcpworkbook/stage06-perf/perftest"
)

// The mistakes below are the reference's echoer with one switch of
// writer.go turned on.

// WriterPerBurst is the design TODO(4) alone builds: every chunk goes
// through the queue, and a writer goroutine starts whenever the queue was
// empty. It is correct, bounded and idle-friendly, but in ping-pong every
// message is a burst of one: a goroutine start and two hand-overs per
// message, where the reader could have written it itself.
var WriterPerBurst = mistaken(func(e *echoer) { e.neverInline = true })

// InlineWhileQueued writes from the reader whenever the kernel has room,
// without asking whether chunks still wait in the queue. While a client
// catches up, a new chunk can overtake the queued ones.
var InlineWhileQueued = mistaken(func(e *echoer) { e.ignorePending = true })

// ResendCutShort queues a chunk whose inline write was cut short, but the
// writer sends it whole: the bytes already written go out twice.
var ResendCutShort = mistaken(func(e *echoer) { e.resendCutShort = true })

// BlockingInline writes from the reader while nothing is queued, as it
// should, but with conn.Write, which waits for the client: a client that
// stops reading stops the reader at once, and the queue is never used.
var BlockingInline = mistaken(func(e *echoer) { e.blockingInline = true })

// ParkOnEAGAIN returns false from its write function when the socket is
// full, so RawConn.Write parks the reader until the client reads: the
// inline write blocks after all.
var ParkOnEAGAIN = mistaken(func(e *echoer) { e.parkOnEAGAIN = true })

// NoWaitAtEOF returns as soon as the reader sees EOF, without waiting for
// the writer: the deferred Close cuts off the chunks still queued.
var NoWaitAtEOF = mistaken(func(e *echoer) { e.noWaitAtEOF = true })

// PutTwiceOnError puts the buffer of a failed inline write back, closes
// the connection, and puts it back again, as a Put after the error check
// would. Between the two Puts another connection may borrow the buffer;
// then both use it.
var PutTwiceOnError = mistaken(func(e *echoer) { e.putTwice = true })

// mistaken is a server whose echoer has the mistake that set switches on.
func mistaken(set func(*echoer)) check.Serve[perftest.Config] {
	return func(_ context.Context, ln net.Listener, o perftest.Config) error {
		return serve(ln, func(conn net.Conn) {
			defer conn.Close()
			e := newEchoer(conn, o)
			set(e) // BUG: see the server's comment
			e.run()
		})
	}
}
