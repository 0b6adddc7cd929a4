// Package perf is your stage 06 echo server: the stage 01 echo, rebuilt to
// stay fast and small with thousands of connections.
//
// The starter already echoes correctly, one goroutine and one buffer per
// connection. Work through the TODOs in order. Run the checks with
//
//	go test ./stage06-perf/...
//
// and read the first failure: it says what went wrong and which TODO to
// open. Measure with go test -bench . ./stage06-perf/ and with
// go run ./stage06-perf/cmd/loadgen (see the README).
package perf

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
)

// BufferSize is the size of each pooled read buffer. One read returns at
// most this much; a bigger buffer means fewer system calls per megabyte
// when a client streams, and more memory per chunk in flight.
const BufferSize = 16 << 10

// DefaultQueue is how many chunks the reader may get ahead of the writer
// when Server.Queue is zero.
const DefaultQueue = 8

// Pool lends read buffers. Get returns a buffer of its full length; Put
// takes one back, whatever its length, once nothing uses it any more.
//
// Buffers travel as *[]byte rather than []byte: a pointer fits in an
// interface without an allocation, a slice header does not (staticcheck
// SA6002), and that allocation would happen on every single message.
type Pool interface {
	Get() *[]byte
	Put(*[]byte)
}

// SyncPool is a Pool of BufferSize buffers backed by a sync.Pool.
type SyncPool struct{ p sync.Pool }

// NewSyncPool returns an empty SyncPool.
func NewSyncPool() *SyncPool {
	sp := new(SyncPool)
	sp.p.New = func() any {
		b := make([]byte, BufferSize)
		return &b
	}
	return sp
}

// Get returns a buffer from the pool, or a new one.
func (sp *SyncPool) Get() *[]byte { return sp.p.Get().(*[]byte) }

// Put returns b to the pool, restored to its full length: the reader
// shortens a buffer to the bytes it read.
func (sp *SyncPool) Put(b *[]byte) {
	*b = (*b)[:cap(*b)]
	sp.p.Put(b)
}

// shared is the pool every Server uses unless it is given its own, so that
// a buffer freed by one connection serves the next read on any other.
var shared = NewSyncPool()

// Server echoes every connection it accepts.
type Server struct {
	// Log gets a line per connection event. Nil discards them.
	Log *slog.Logger
	// Queue is how many chunks the reader may get ahead of the writer on
	// one connection (the -queue flag). Zero means DefaultQueue.
	Queue int
	// Pool lends the read buffers. Nil means a shared sync.Pool. The
	// checks pass a Pool of their own that counts every buffer.
	Pool Pool
}

// Serve accepts connections on ln and echoes each in its own goroutine.
// It returns nil once ln is closed, and any other Accept error as it is.
func (s *Server) Serve(ln net.Listener) error {
	log := s.logger()
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// Logged here rather than in handle: formatting a log line needs
		// a deep stack, and a goroutine's stack, once grown, stays grown
		// while it waits. The accept loop grows its stack once; 10,000
		// idle connections would each keep the larger stack.
		log.Info("connected", "remote", conn.RemoteAddr())
		go s.handle(conn)
	}
}

// handle echoes one connection and closes it. Its errors belong to this
// client alone, so they are logged, never returned to the accept loop.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	log := s.logger()

	// TODO(3): switch Nagle's algorithm off explicitly. Go already does so
	// for every TCP connection it creates, but a connection handed over
	// by someone else's listener may have it on (Node.js leaves it on by
	// default). If conn is a *net.TCPConn, call SetNoDelay(true) and log
	// a warning if that fails.

	n, err := s.echo(conn)
	if err != nil {
		log.Warn("disconnected: echo failed", "remote", conn.RemoteAddr(), "echoed", n, "err", err)
		return
	}
	log.Info("disconnected", "remote", conn.RemoteAddr(), "echoed", n)
}

// echo writes back everything it reads from conn until EOF and reports how
// many bytes it echoed.
//
// TODO(4): split this loop in two, as the lecture does with a reader task
// and a writer joined by mpsc::channel(10):
//   - make a channel of *[]byte with capacity queue (s.queue());
//   - start a reader goroutine: it waits, borrows a buffer, reads, and
//     sends the buffer (shortened with *buf = (*buf)[:n]) on the channel.
//     When the channel is full the send blocks, the reader stops
//     reading, and TCP makes the client wait: that is backpressure. At
//     EOF or an error it closes the channel (defer close(queue));
//   - this goroutine becomes the writer: for buf := range queue, write
//     *buf, then (and only then) Put it back. If a write fails, remember
//     the error, close conn so the reader wakes up and stops, and keep
//     receiving and putting back, so the reader never blocks for ever on
//     a full channel;
//   - when the range ends, everything read has been written back: return,
//     and handle closes the connection.
//
// Send the pooled pointer itself: copying each chunk into a new slice
// allocates on every message.
func (s *Server) echo(conn net.Conn) (int64, error) {
	wait := readable(conn)
	pool, queue := s.pool(), s.queue()
	_, _ = pool, queue // for TODO(1) and TODO(4)
	// TODO(1): this buffer belongs to the connection for its whole life,
	// even while the client is silent. Instead, in the loop: after wait(),
	// borrow one with buf := pool.Get(), read into *buf, write (*buf)[:n],
	// and give it back with pool.Put(buf) once the Write has returned
	// (and also when the read returned no data).
	buf := make([]byte, BufferSize)
	var total int64
	for {
		if err := wait(); err != nil {
			return total, err
		}
		n, err := conn.Read(buf)
		if n > 0 {
			if _, werr := conn.Write(buf[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
		}
		if errors.Is(err, io.EOF) {
			return total, nil // the client has finished sending
		}
		if err != nil {
			return total, err
		}
	}
}

// readable returns a function that blocks until conn has something to
// read (data, EOF or an error) without needing a buffer to read it into.
// Call it before borrowing a buffer, so an idle connection holds none.
func readable(conn net.Conn) func() error {
	// TODO(2): the starter's wait returns at once, so the reader borrows
	// its buffer and then blocks in Read, holding it while the client is
	// silent. Make it wait for data first:
	//   - get a syscall.RawConn: conn.(syscall.Conn).SyscallConn() (if
	//     conn is not a syscall.Conn, keep returning at once);
	//   - its Read(f) calls f(fd); when f returns false, Go parks the
	//     goroutine in its network poller until the socket is readable,
	//     then calls f again. It honours the read deadline;
	//   - in f, call peek(fd, one[:]) (peek_*.go): nil means data or EOF
	//     is waiting (return true); syscall.EAGAIN means nothing yet
	//     (return false); syscall.EINTR means try again; keep any other
	//     error to return, and return true;
	//   - so that waiting allocates nothing per message, create f, the
	//     one-byte array and the RawConn once, here, for example as
	//     fields and a method of a small struct, and return its method.
	_ = peek // for TODO(2)
	return func() error { return nil }
}

func (s *Server) queue() int {
	if s.Queue > 0 {
		return s.Queue
	}
	return DefaultQueue
}

func (s *Server) pool() Pool {
	if s.Pool != nil {
		return s.Pool
	}
	return shared
}

func (s *Server) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
