package mutants

import (
	"io"
	"net"
	"os"
	"syscall"

	"tcpworkbook/stage06-perf/perftest"
)

// This file is the reference's chunks.go, with two switches for the
// mistakes of reader_mistakes.go: every other mutant reads as the
// reference does, so that no check before its own catches it for that.

// chunks returns a function that reads the next chunk from conn, into a
// buffer borrowed from pool. It returns a nil buffer when nothing was read
// (EOF or an error). Whoever writes a chunk out puts its buffer back.
//
// mistake, if not nil, switches one of the reader's mistakes on.
func chunks(conn net.Conn, pool perftest.Pool, mistake func(*chunkReader)) func() (*[]byte, error) {
	// TODO(2), as in the starter: this is that TODO's code, and the
	// marker lets a report blame a mistake here on it, as it would blame
	// the student's.
	raw := rawConn(conn)
	if raw == nil {
		return blockingChunks(conn, pool)
	}
	r := &chunkReader{raw: raw, pool: pool}
	if mistake != nil {
		mistake(r)
	}
	r.try = r.tryRead // bound once: a method value made per read would allocate
	return r.next
}

// blockingChunks reads with conn.Read, which blocks until the client
// sends something, holding the buffer all the while. It serves
// connections that are not sockets.
func blockingChunks(conn net.Conn, pool perftest.Pool) func() (*[]byte, error) {
	return func() (*[]byte, error) {
		buf := pool.Get()
		n, err := conn.Read(*buf)
		if n == 0 {
			pool.Put(buf)
			return nil, err
		}
		*buf = (*buf)[:n]
		return buf, err
	}
}

// chunkReader reads a socket without holding a buffer while it waits.
//
// Go parks a goroutine that waits on a socket inside the runtime's network
// poller, and syscall.RawConn.Read exposes that wait: it calls try with the
// socket's descriptor, and each time try returns false, it parks the
// goroutine until the socket becomes readable, then calls try again. The
// read deadline applies, as for conn.Read.
//
// conn.Read works the same way inside: it tries a non-blocking read and
// parks when there is nothing yet. The difference is the buffer. Here try
// borrows it for the attempt alone, and an attempt that finds nothing gives
// it back before the goroutine parks.
type chunkReader struct {
	raw  syscall.RawConn
	pool perftest.Pool
	try  func(fd uintptr) bool // r.tryRead
	buf  *[]byte               // what the last try read, if anything
	err  error                 // what the last try found wrong, or io.EOF

	// The mistakes of reader_mistakes.go, off in every other mutant.
	keepOnEAGAIN   bool
	closurePerRead bool
}

func (r *chunkReader) next() (*[]byte, error) {
	r.buf, r.err = nil, nil
	try := r.try
	if r.closurePerRead {
		try = func(fd uintptr) bool { return r.tryRead(fd) } // BUG (closure-per-read): made for every read
	}
	if err := r.raw.Read(try); err != nil {
		return nil, err // a deadline, or the connection was closed
	}
	return r.buf, r.err
}

// tryRead reads socket fd into a borrowed buffer without blocking. It
// returns false, with the buffer back in the pool, when nothing has
// arrived yet, and true once it has data, EOF or an error for next.
func (r *chunkReader) tryRead(fd uintptr) bool {
	buf := r.pool.Get()
	for {
		n, err := readNow(fd, *buf)
		switch {
		case err == syscall.EINTR:
			continue // a signal interrupted the read: try again
		case err == syscall.EAGAIN:
			if !r.keepOnEAGAIN { // BUG (kept-on-eagain) when set
				r.pool.Put(buf)
			}
			return false // nothing yet: park until the poller wakes us
		case err != nil:
			r.pool.Put(buf)
			r.err = os.NewSyscallError("read", err) // "read: connection reset by peer"
		case n == 0:
			r.pool.Put(buf)
			r.err = io.EOF // the client has finished sending
		default:
			*buf = (*buf)[:n]
			r.buf = buf
		}
		return true
	}
}
