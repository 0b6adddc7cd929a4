package mutants

import (
	"net"
	"os"
	"sync/atomic"
	"syscall"

	"tcpworkbook/stage06-perf/perftest"
)

// echo is the reference's handler: this goroutine reads, and writes each
// chunk back itself, without blocking, while nothing is queued; what the
// kernel does not take at once goes to a queue of queueOf(o) pooled
// buffers and a writer that runs only until the queue drains. See the
// reference's writer.go for why the count of chunks in flight is enough.
func echo(conn net.Conn, o perftest.Config) {
	defer conn.Close()
	newEchoer(conn, o).run()
}

// echoer is the reference's, with a switch for each mistake the mutants
// in writer_mistakes.go make. All off, it is correct.
type echoer struct {
	conn    net.Conn
	raw     syscall.RawConn
	pool    perftest.Pool
	size    int
	pending atomic.Int64
	queue   chan *[]byte
	done    chan struct{}
	start   func()
	try     func(fd uintptr) bool
	p       []byte
	n       int
	err     error
	skip    int
	failed  bool

	neverInline    bool // writer-per-burst: every chunk goes through a writer
	ignorePending  bool // inline-while-queued: writes inline past queued chunks
	resendCutShort bool // resend-cut-short: the writer sends a cut-short chunk whole
	blockingInline bool // blocking-inline: the inline write is conn.Write
	parkOnEAGAIN   bool // park-on-eagain: the write function parks on a full socket
	noWaitAtEOF    bool // no-wait-at-eof: returns at EOF with chunks still queued
	putTwice       bool // put-twice-on-error: a failed inline write puts its buffer back twice

	misread func(*chunkReader) // one of the reader's mistakes, or nil
}

func newEchoer(conn net.Conn, o perftest.Config) *echoer {
	e := &echoer{conn: conn, raw: rawConn(conn), pool: poolOf(o), size: queueOf(o)}
	e.start, e.try = e.write, e.tryWrite
	return e
}

// run reads conn until EOF or an error, echoing each chunk, then waits
// for the writer to finish.
func (e *echoer) run() {
	readIntoWith(e.conn, e.pool, e.echo, e.misread)
	if e.pending.Load() != 0 && !e.noWaitAtEOF {
		e.send(nil) // the end marker
		<-e.done
	}
}

func (e *echoer) echo(buf *[]byte) {
	// TODO(5), as in the starter: the inline write is that TODO's code,
	// and the marker lets a report blame a mistake here on it.
	if e.raw == nil || e.neverInline || (e.pending.Load() != 0 && !e.ignorePending) {
		e.send(buf)
		return
	}
	if e.failed {
		e.pool.Put(buf)
		return
	}
	n, err := e.writeNow(*buf)
	switch {
	case err != nil:
		e.failed = true
		e.pool.Put(buf)
		e.conn.Close()
		if e.putTwice {
			e.pool.Put(buf) // as a Put after the switch would, on every path
		}
	case n == len(*buf):
		e.pool.Put(buf)
	default:
		e.skip = n
		e.send(buf)
	}
}

func (e *echoer) writeNow(p []byte) (int, error) {
	if e.blockingInline {
		return e.conn.Write(p)
	}
	e.p = p
	err := e.raw.Write(e.try)
	e.p = nil
	if err != nil {
		return 0, err
	}
	return e.n, e.err
}

func (e *echoer) tryWrite(fd uintptr) bool {
	for {
		n, err := writeNow(fd, e.p)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN && e.parkOnEAGAIN:
			return false
		case err == syscall.EAGAIN:
			e.n, e.err = 0, nil
		case err != nil:
			e.n, e.err = 0, os.NewSyscallError("write", err)
		default:
			e.n, e.err = n, nil
		}
		return true
	}
}

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

func (e *echoer) write() {
	for {
		buf := <-e.queue
		if buf == nil {
			close(e.done)
			return
		}
		p := (*buf)[e.skip:]
		if e.resendCutShort {
			p = *buf
		}
		e.skip = 0
		if !e.failed {
			if _, err := e.conn.Write(p); err != nil {
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
