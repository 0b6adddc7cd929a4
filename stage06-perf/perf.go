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

// blockingChunks reads with conn.Read, which blocks until the client
// sends something, holding the buffer all the while. chunks, below, falls
// back to it when conn is not a socket.
func blockingChunks(conn net.Conn, pool Pool) func() (*[]byte, error) {
	_ = pool // for TODO(1)
	// TODO(1): this buffer belongs to the connection for its whole life,
	// even while the client is silent. Instead, in the function below,
	// borrow one for each read with buf := pool.Get(), read into *buf,
	// and return it shortened to the bytes read (*buf = (*buf)[:n]). When
	// the read returned no data, Put it back at once and return nil. The
	// second half is in echo: give each chunk back after its Write.
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
	// TODO(2): a goroutine blocked in conn.Read holds its buffer for as
	// long as the client is silent. Borrow it only for a read that
	// cannot block, and park without it:
	//   - raw.Read(f) calls f(fd); when f returns false, Go parks the
	//     goroutine in its network poller until the socket is readable,
	//     then calls f again. It honours the read deadline. conn.Read
	//     works the same way inside, except that its buffer is yours the
	//     whole time;
	//   - in f: buf := pool.Get(), then readNow(fd, *buf) (raw_*.go).
	//     syscall.EAGAIN means nothing yet: Put buf back and return false.
	//     syscall.EINTR means a signal interrupted the read: read again at
	//     once, inside f (returning false would park the goroutine even if
	//     data is waiting). Otherwise keep what you got and return true:
	//     data (shorten *buf to n), EOF (n == 0, no error: Put buf back
	//     and report io.EOF) or an error (Put it back, keep the error);
	//   - return a function that clears what f kept last time, calls
	//     raw.Read(f) and returns what f kept now, or raw.Read's own error
	//     (a deadline, or a closed conn);
	//   - so that reading allocates nothing per message, create f and its
	//     state once, here, for example as the fields and a method of a
	//     small struct, and return another method of it.
	_ = readNow // for TODO(2)
	return blockingChunks(conn, pool)
}

// echo writes back everything it reads from conn until EOF and reports how
// many bytes it echoed.
//
// TODO(4): split this loop in two, as the lecture does with a reader task
// and a writer joined by mpsc::channel(10), but keep the writer goroutine
// only while there is something to write: a goroutine parked on an empty
// channel keeps its stack, and 10,000 quiet clients would each hold two.
//   - make a channel of *[]byte with capacity s.queue(), and a counter of
//     chunks in flight (a sync/atomic Int64);
//   - this goroutine stays the reader. For each buffer next() returns:
//     add 1 to the counter, and if it went from 0 to 1, start a writer
//     goroutine; then send the buffer on the channel. When the channel is
//     full the send blocks, the reader stops reading, and TCP makes the
//     client wait: that is backpressure;
//   - the writer loops: receive a buffer, write *buf, then (and only
//     then) Put it back, subtract 1 from the counter, and return when it
//     reaches 0. If a write fails, remember the error, close conn so the
//     reader wakes up and stops, and keep receiving and putting back, so
//     the reader never blocks for ever on a full channel;
//   - at EOF or an error, the reader queues nil the same way (counted,
//     starting a writer if none runs) as an end marker. The writer that
//     receives nil closes a done channel and returns. Wait for done, then
//     return the bytes written, and the write error if a write failed, or
//     else the read error (nil at EOF). handle logs it and closes conn;
//   - make the writer's function once, before the loop (w := func() {...}),
//     and start it with go w(): a closure made per burst would allocate.
//
// Send the pooled pointer itself: copying each chunk into a new slice
// allocates on every message.
//
// TODO(5): in ping-pong every message is a burst of one, so the design of
// TODO(4) starts a writer goroutine and hands over to it for every single
// message. Tokio's write_all tries the write at once and parks only if
// the socket is full; do the same. In the reader, for each chunk:
//   - if the counter is not 0, queue the chunk as in TODO(4): chunks are
//     waiting ahead of it, and writing it now would overtake them;
//   - if it is 0, no writer runs and none starts until you queue
//     something, so the reader may write, and may update the byte total
//     and the write error the writer keeps (the counter orders them).
//     Write without blocking: raw := rawConn(conn) once, before the loop,
//     then raw.Write(f). f(fd) makes one attempt, writeNow(fd, p)
//     (raw_*.go), repeated only on syscall.EINTR, and always returns
//     true, so that raw.Write never parks. Since f is made once, before
//     the loop, like TODO(2)'s, p is a variable you set to *buf before
//     each raw.Write, and f leaves n and the error in variables too.
//     writeNow returns n = -1 with every error: count it as 0. EAGAIN is
//     no failure, only a full socket: the kernel took nothing. Any other
//     error, or one from raw.Write itself, is a failed write: keep it,
//     Put the buffer back and close conn, as the writer does;
//   - if the kernel took the whole chunk, Put the buffer back and read
//     on. If it took part or nothing, queue the chunk, with the count of
//     bytes already sent in a variable the writer reads after it receives
//     the chunk: it writes only (*buf)[sent:], then sets the count back
//     to 0;
//   - at the end, if the counter is 0, nothing is in flight: skip the end
//     marker of TODO(4), and return at once. When raw is nil (not a
//     socket), always queue.
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
			// TODO(1), second half: the Write has returned, so the kernel
			// has its own copy of the bytes. Give buf back here with
			// pool.Put(buf), before checking werr, so that no path keeps
			// it, and do not touch *buf afterwards.
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
