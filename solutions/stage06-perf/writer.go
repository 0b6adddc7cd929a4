package perf

import (
	"net"
	"os"
	"sync/atomic"
	"syscall"
)

// echoer writes a connection's chunks back: from the reader's own
// goroutine while the client keeps up, and through a bounded queue and a
// writer goroutine when it falls behind.
//
// In the lecture each connection has two tasks for its whole life, a
// reader and a writer joined by a channel. In Go both costs of that
// design grow: a parked goroutine keeps its whole stack (a parked Tokio
// task keeps a few hundred bytes of state), and handing each message to
// another goroutine costs a wake-up and a switch. So the reader writes
// each chunk itself, without blocking, as long as nothing is queued and
// the kernel takes the whole chunk at once, which is every time while the
// client keeps up. Only when a write cannot finish at once (the socket's
// send buffer is full) does the rest go to the queue, and a writer
// goroutine starts to wait for the socket; it returns once the queue has
// drained. A quiet connection keeps one goroutine and no buffer.
//
// pending counts what is queued or about to be and not yet written. The
// reader adds one before it queues a chunk and starts a writer when the
// count goes from 0 to 1; the writer subtracts one after each chunk and
// returns when the count reaches 0. So exactly one writer runs while
// anything is pending, none when nothing is, and the reader writes inline
// only when pending is 0: the chunks go out in the order they were read.
type echoer struct {
	conn    net.Conn
	raw     syscall.RawConn // nil when conn is not a socket: every chunk is queued
	pool    Pool
	size    int // the queue's capacity
	pending atomic.Int64

	// Made at the first hand-over, so that a connection whose client
	// always keeps up never pays for them. A writer goroutine is only
	// ever started after they exist.
	queue chan *[]byte
	done  chan struct{} // closed by the writer that takes the end marker

	// Bound once: a method value made per message would allocate.
	start func()                // e.write
	try   func(fd uintptr) bool // e.tryWrite

	p    []byte // what tryWrite writes
	n    int    // and what came of it
	err  error
	skip int // how much of the next queued chunk was written inline

	// out is what was written, and the error that stopped it. The reader
	// touches it only while pending is 0, when no writer runs; each
	// writer starts after the last one has returned (the count orders
	// them); and finish reads it once nothing is pending or done is
	// closed.
	out result
}

func newEchoer(conn net.Conn, raw syscall.RawConn, pool Pool, queue int) *echoer {
	e := &echoer{conn: conn, raw: raw, pool: pool, size: queue}
	e.start, e.try = e.write, e.tryWrite
	return e
}

// echo writes buf back to the client, or queues it for the writer if
// chunks wait ahead of it or the kernel cannot take it all now. It blocks
// only while the queue is full: that is backpressure.
func (e *echoer) echo(buf *[]byte) {
	if e.raw == nil || e.pending.Load() != 0 {
		e.send(buf)
		return
	}
	// No writer runs, and none starts until this goroutine queues
	// something: the connection's write side is ours.
	if e.out.err != nil {
		e.pool.Put(buf) // an earlier write failed: nobody will see this
		return
	}
	n, err := e.writeNow(*buf)
	e.out.n += int64(n)
	switch {
	case err != nil:
		e.out.err = err
		e.pool.Put(buf)
		e.conn.Close() // stops the reader, as a failed writer does
	case n == len(*buf):
		e.pool.Put(buf) // the kernel has its own copy of the bytes
	default:
		e.skip = n // the writer sends the rest once the socket has room
		e.send(buf)
	}
}

// writeNow writes as much of p as the socket takes without waiting.
func (e *echoer) writeNow(p []byte) (int, error) {
	e.p = p
	err := e.raw.Write(e.try)
	e.p = nil
	if err != nil {
		return 0, err // the connection was closed
	}
	return e.n, e.err
}

// tryWrite makes one non-blocking write of e.p to socket fd. It always
// returns true, so RawConn.Write never parks this goroutine: what the
// kernel does not take now goes to a writer goroutine instead.
func (e *echoer) tryWrite(fd uintptr) bool {
	for {
		n, err := writeNow(fd, e.p)
		switch {
		case err == syscall.EINTR:
			continue // a signal interrupted the write: try again
		case err == syscall.EAGAIN:
			e.n, e.err = 0, nil // the send buffer is full
		case err != nil:
			e.n, e.err = 0, os.NewSyscallError("write", err) // "write: broken pipe"
		default:
			e.n, e.err = n, nil
		}
		return true
	}
}

// send queues buf for the writer, starting one if none runs. It blocks
// while the queue is full.
func (e *echoer) send(buf *[]byte) {
	if e.queue == nil {
		e.queue = make(chan *[]byte, e.size)
		e.done = make(chan struct{})
	}
	if e.pending.Add(1) == 1 {
		go e.start()
	}
	e.queue <- buf
}

// finish waits until everything read has been written, or put back
// unwritten after a failed write, and returns what was written. With
// nothing pending that is already so. Otherwise it queues the end marker,
// nil, behind the chunks still in flight, and waits for the writer to
// take it.
func (e *echoer) finish() result {
	if e.pending.Load() != 0 {
		e.send(nil)
		<-e.done
	}
	return e.out
}

// write is the writer: it writes each queued chunk back to conn and only
// then returns its buffer to the pool, until nothing is pending. After a
// failed write it keeps receiving, so that the reader is never stuck on a
// full queue, and closes conn, so that the reader stops waiting for input
// nobody will see echoed.
func (e *echoer) write() {
	for {
		buf := <-e.queue
		if buf == nil {
			close(e.done) // the end marker: nothing is ever queued after it
			return
		}
		p := (*buf)[e.skip:]
		e.skip = 0
		if e.out.err == nil {
			n, err := e.conn.Write(p)
			e.out.n += int64(n)
			if err != nil {
				e.out.err = err
				e.conn.Close()
			}
		}
		// Write has returned: the kernel has its own copy of the bytes,
		// so the buffer is free for the next read, on any connection.
		e.pool.Put(buf)
		if e.pending.Add(-1) == 0 {
			return // drained: a quiet connection keeps no writer
		}
	}
}
