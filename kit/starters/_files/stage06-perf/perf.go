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
// go run ./kit/cmd/loadgen (see the README).
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

// handle echoes one connection and closes it. Its errors belong to this
// client alone, so they are logged, never returned to the accept loop.
func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	log := s.logger()

	// TODO(3): make sure Nagle's algorithm is off (the lecture's TCP_NODELAY),
	// even on a connection whose listener switched it back on; if that
	// fails, warn in the log and echo all the same.

	n, err := s.echo(conn)
	if err != nil {
		log.Warn("disconnected: echo failed", "remote", conn.RemoteAddr(), "echoed", n, "err", err)
		return
	}
	log.Info("disconnected", "remote", conn.RemoteAddr(), "echoed", n)
}

// blockingChunks reads with conn.Read, which blocks until the client
// sends something, holding the buffer all the while. chunks, below, falls
// back to it when conn is not a socket.
func blockingChunks(conn net.Conn, pool Pool) func() (*[]byte, error) {
	_ = pool // for TODO(1)
	// TODO(1): this buffer is the connection's for its whole life. Borrow one
	// from pool for each read instead (the lecture's buffer pooling), and give
	// it straight back when a read brought no data; echo gives back the others.
	buf := make([]byte, BufferSize)
	chunk := new([]byte)
	return func() (*[]byte, error) {
		n, err := conn.Read(buf)
		if n == 0 {
			return nil, err
		}
		*chunk = buf[:n]
		return chunk, err
	}
}

// chunks returns a function that reads the next chunk from conn, into a
// buffer borrowed from pool. It returns a nil buffer when nothing was read
// (EOF or an error). Whoever writes a chunk out puts its buffer back.
func chunks(conn net.Conn, pool Pool) func() (*[]byte, error) {
	raw := rawConn(conn) // raw_*.go; nil if conn is not a socket
	if raw == nil {
		return blockingChunks(conn, pool)
	}
	// TODO(2): a goroutine blocked in conn.Read holds its buffer while the
	// client is silent. Borrow one only for a read that cannot block, hold
	// none while parked in the poller, and allocate nothing per read.
	_ = readNow // for TODO(2)
	return blockingChunks(conn, pool)
}

// echo writes back everything it reads from conn until EOF and reports how
// many bytes it echoed.
//
// TODO(4): split this loop into a reader and a writer joined by a channel of
// s.queue() chunks (backpressure); let a writer run only while chunks wait.
//
// TODO(5): while nothing is queued, let the reader write each chunk itself
// with a write that never blocks (Tokio's write_all tries first, too), and
// queue only what the kernel did not take: no chunk may overtake another.
func (s *Server) echo(conn net.Conn) (int64, error) {
	pool, queue := s.pool(), s.queue()
	_ = queue    // for TODO(4)
	_ = writeNow // for TODO(5)
	next := chunks(conn, pool)
	var total int64
	for {
		buf, err := next()
		if buf != nil {
			n, werr := conn.Write(*buf)
			total += int64(n)
			// TODO(1), second half: now that Write has returned, the kernel has
			// its own copy: give buf back to the pool here, exactly once on every
			// path, and never touch its bytes afterwards.
			if werr != nil {
				return total, werr
			}
		}
		if errors.Is(err, io.EOF) {
			return total, nil // the client has finished sending
		}
		if err != nil {
			return total, err
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
