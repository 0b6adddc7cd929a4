package mutants

import (
	"context"
	"net"

	"tcpworkbook/stage06-perf/perftest"
)

// WriterPerBurst is the design TODO(4) alone builds: every chunk goes
// through the queue, and a writer goroutine starts whenever the queue was
// empty. It is correct, bounded and idle-friendly, but in ping-pong every
// message is a burst of one: a goroutine start and two hand-overs per
// message, where the reader could have written it itself.
func WriterPerBurst(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.neverInline = true // BUG: never writes from the reader
		e.run()
	})
}

// InlineWhileQueued writes from the reader whenever the kernel has room,
// without asking whether chunks still wait in the queue. While a client
// catches up, a new chunk can overtake the queued ones.
func InlineWhileQueued(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.ignorePending = true // BUG: inline writes jump the queue
		e.run()
	})
}

// ResendCutShort queues a chunk whose inline write was cut short, but the
// writer sends it whole: the bytes already written go out twice.
func ResendCutShort(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.resendCutShort = true // BUG: forgets how much was written inline
		e.run()
	})
}

// BlockingInline writes from the reader while nothing is queued, as it
// should, but with conn.Write, which waits for the client: a client that
// stops reading stops the reader at once, and the queue is never used.
func BlockingInline(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.blockingInline = true // BUG: the inline write can block
		e.run()
	})
}

// ParkOnEAGAIN returns false from its write function when the socket is
// full, so RawConn.Write parks the reader until the client reads: the
// inline write blocks after all.
func ParkOnEAGAIN(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.parkOnEAGAIN = true // BUG: a full socket parks the reader
		e.run()
	})
}

// NoWaitAtEOF returns as soon as the reader sees EOF, without waiting for
// the writer: the deferred Close cuts off the chunks still queued.
func NoWaitAtEOF(_ context.Context, ln net.Listener, o perftest.Config) error {
	return serve(ln, func(conn net.Conn) {
		defer conn.Close()
		e := newEchoer(conn, o)
		e.noWaitAtEOF = true // BUG: closes with chunks still queued
		e.run()
	})
}
