package perf

import (
	"net"
	"sync/atomic"
)

// echoer joins a connection's reader to a writer goroutine that exists
// only while there is something to write.
//
// In the lecture each connection has two tasks for its whole life, a
// reader and a writer. A parked Tokio task costs the few hundred bytes of
// its state machine; a parked goroutine keeps its stack, 8 KiB once it
// has done some work. With 10,000 idle clients, a writer per connection
// that waits for work would be half the server's memory. So the reader
// starts a writer when a chunk arrives after a quiet spell, and the
// writer returns once the queue has drained.
//
// pending counts what is queued or about to be and not yet written. The
// reader adds one before it queues a chunk and starts a writer when the
// count goes from 0 to 1; the writer subtracts one after each chunk and
// returns when the count reaches 0. So exactly one writer runs while
// anything is pending, none when nothing is, and the chunks go out in
// the order they were read.
type echoer struct {
	conn    net.Conn
	pool    Pool
	queue   chan *[]byte
	pending atomic.Int64
	start   func()        // e.write, bound once: a method value made per burst would allocate
	done    chan struct{} // closed by the writer that takes the end marker
	// out is the writers' result. Each writer starts after the last one
	// has returned (the count orders them), and the reader reads it only
	// after done is closed.
	out result
}

func newEchoer(conn net.Conn, pool Pool, queue int) *echoer {
	e := &echoer{conn: conn, pool: pool, queue: make(chan *[]byte, queue), done: make(chan struct{})}
	e.start = e.write
	return e
}

// send queues buf for the writer, starting one if none runs. It blocks
// while the queue is full.
func (e *echoer) send(buf *[]byte) {
	if e.pending.Add(1) == 1 {
		go e.start()
	}
	e.queue <- buf
}

// finish queues the end marker, nil, and waits for a writer to take it:
// by then everything read before it has been written, or put back
// unwritten after a failed write. It returns what the writers did.
func (e *echoer) finish() result {
	e.send(nil)
	<-e.done
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
		if e.out.err == nil {
			n, err := e.conn.Write(*buf)
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
