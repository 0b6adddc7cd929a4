package mutants

import (
	"net"
	"sync/atomic"

	"tcpworkbook/stage06-perf/perftest"
)

// echo is the reference's handler: this goroutine reads, and a writer
// runs only while chunks are queued, joined by a queue of queueOf(o)
// pooled buffers, each given back once it has been written. See the
// reference's writer.go for why the count of chunks in flight is enough.
func echo(conn net.Conn, o perftest.Config) {
	defer conn.Close()
	e := &echoer{conn: conn, pool: poolOf(o), queue: make(chan *[]byte, queueOf(o)), done: make(chan struct{})}
	e.start = e.write
	readInto(conn, e.pool, e.send)
	e.send(nil) // the end marker
	<-e.done
}

type echoer struct {
	conn    net.Conn
	pool    perftest.Pool
	queue   chan *[]byte
	pending atomic.Int64
	start   func()
	done    chan struct{}
	failed  bool
}

func (e *echoer) send(buf *[]byte) {
	if e.pending.Add(1) == 1 {
		go e.start()
	}
	e.queue <- buf
}

func (e *echoer) write() {
	for {
		buf := <-e.queue
		if buf == nil {
			close(e.done)
			return
		}
		if !e.failed {
			if _, err := e.conn.Write(*buf); err != nil {
				e.failed = true
				e.conn.Close()
			}
		}
		e.pool.Put(buf)
		if e.pending.Add(-1) == 0 {
			return
		}
	}
}
