// Package perf is the stage 06 echo server: the stage 01 echo, rebuilt to
// stay fast and small with thousands of connections.
//
// Three changes make the difference:
//
//   - Read buffers are borrowed from a pool for one read at a time, and a
//     read that would block gives its buffer back before it waits, so
//     10,000 quiet clients cost no buffer memory at all.
//   - Each connection has one goroutine. It writes each chunk back itself,
//     without blocking, while the client keeps up; when a write cannot
//     finish at once, the chunk goes to a bounded queue and a writer
//     goroutine, which lives only until the queue drains. When the client
//     stops reading its echo, the queue fills and the reader stops too:
//     backpressure, with memory bounded by the queue's capacity.
//   - TCP_NODELAY is set explicitly, so small echoes leave at once.
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

// Put returns b to the pool, restored to its full length.
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
	// Pool lends the read buffers. Nil means a shared sync.Pool.
	Pool Pool
}

// handle echoes one connection and closes it. This goroutine reads, and
// writes each chunk back itself while the client keeps up; a writer
// goroutine runs only while chunks wait for a client that has fallen
// behind (see echoer). So an idle connection costs one parked goroutine
// and no buffer.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	if tc, ok := conn.(*net.TCPConn); ok {
		// Go turns Nagle's algorithm off on every TCP connection already.
		// Saying so here documents the choice, and keeps it when a
		// listener hands over a connection configured otherwise.
		if err := tc.SetNoDelay(true); err != nil {
			s.logger().Warn("could not set TCP_NODELAY", "remote", conn.RemoteAddr(), "err", err)
		}
	}
	raw := rawConn(conn) // nil when conn is not a socket
	e := newEchoer(conn, raw, s.pool(), s.queue())
	in := read(chunks(conn, raw, s.pool()), e)
	out := e.finish() // returns once everything read has been written
	s.logEnd(conn, in, out)
}

// logEnd logs how a connection ended.
func (s *Server) logEnd(conn net.Conn, in, out result) {
	log := s.logger().With("remote", conn.RemoteAddr(), "read", in.n, "echoed", out.n)
	switch {
	case out.err != nil:
		log.Warn("disconnected: write failed", "err", out.err)
	case in.err != nil:
		log.Warn("disconnected: read failed", "err", in.err)
	default:
		log.Info("disconnected")
	}
}

// result is what one side of a connection did: how many bytes, and the
// error that ended it, if any.
type result struct {
	n   int64
	err error
}

// read is the reader: it takes each chunk next reads and has e echo it,
// until EOF or an error.
func read(next func() (*[]byte, error), e *echoer) result {
	var total int64
	for {
		buf, err := next()
		if buf != nil {
			total += int64(len(*buf))
			// Blocks while the writer is a full queue behind. Then we
			// stop reading, the kernel's receive buffer fills, and TCP
			// flow control makes the client wait: backpressure.
			e.echo(buf)
		}
		if errors.Is(err, io.EOF) {
			return result{total, nil} // the client has finished sending
		}
		if err != nil {
			return result{total, err}
		}
	}
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
