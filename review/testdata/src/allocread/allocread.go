// Package allocread holds the cases of alloc-per-read.
package allocread

import (
	"net"
	"sync"
	"syscall"
)

var pool = sync.Pool{New: func() any {
	b := make([]byte, 16<<10)
	return &b
}}

func freshBuffers(conn net.Conn, out chan<- []byte) {
	for {
		buf := make([]byte, 4096) // want `^alloc-per-read: make makes a new buffer for every read`
		n, err := conn.Read(buf)
		if n > 0 {
			out <- buf[:n]
		}
		if err != nil {
			return
		}
	}
}

// readInto calls send for every chunk it reads.
func readInto(conn net.Conn, send func(*[]byte)) {
	for {
		buf := pool.Get().(*[]byte)
		n, err := conn.Read(*buf)
		if n > 0 {
			*buf = (*buf)[:n]
			send(buf)
		}
		if err != nil {
			return
		}
	}
}

func copies(conn net.Conn, out chan<- []byte) {
	readInto(conn, func(buf *[]byte) {
		chunk := append([]byte(nil), *buf...) // want `append copies every chunk into a new slice`
		pool.Put(buf)
		out <- chunk
	})
}

// reader returns a function called once per read, which allocates.
func reader(conn net.Conn) func() ([]byte, error) {
	return func() ([]byte, error) {
		buf := make([]byte, 4096) // want `makes a new buffer for every read`
		n, err := conn.Read(buf)
		return buf[:n], err
	}
}

type chunkReader struct {
	raw syscall.RawConn
	n   int
}

func (r *chunkReader) try(fd uintptr) bool { r.n++; return true }

func closures(r *chunkReader) {
	for {
		if err := r.raw.Read(r.try); err != nil { // want `a new method value r.try is made for every read`
			return
		}
	}
}

// The cases below must give no finding.

func pooled(conn net.Conn, out chan<- *[]byte) {
	for {
		buf := pool.Get().(*[]byte)
		n, err := conn.Read(*buf)
		if n > 0 {
			*buf = (*buf)[:n]
			out <- buf
		} else {
			pool.Put(buf)
		}
		if err != nil {
			return
		}
	}
}

func once(conn net.Conn) ([]byte, error) {
	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	return buf[:n], err
}

// batch allocates in a loop that does not read.
func batch(lines []string) [][]byte {
	var out [][]byte
	for _, l := range lines {
		out = append(out, make([]byte, len(l)))
	}
	return out
}

type boundReader struct {
	raw syscall.RawConn
	try func(fd uintptr) bool // bound once
}

func (r *boundReader) loop() {
	for {
		if err := r.raw.Read(r.try); err != nil {
			return
		}
	}
}

// perCall returns a reader whose every call makes a new closure for raw.Read.
func perCall(raw syscall.RawConn) func() (int, error) {
	return func() (int, error) {
		n := 0
		err := raw.Read(func(fd uintptr) bool { // want `a new closure is made for every read`
			n++
			return true
		})
		defer func() { n = 0 }()
		return n, err
	}
}

// nextChunk returns a function that reads one chunk, as stage 06's chunks
// does; the loop below calls the read through that function value.
func nextChunk(conn net.Conn, pool *sync.Pool) func() (*[]byte, error) {
	return func() (*[]byte, error) {
		buf := pool.Get().(*[]byte)
		n, err := conn.Read(*buf)
		*buf = (*buf)[:n]
		return buf, err
	}
}

func copyEachChunkFromAReaderFunc(conn net.Conn, pool *sync.Pool, out chan<- []byte) {
	next := nextChunk(conn, pool)
	for {
		buf, err := next()
		chunk := append([]byte(nil), *buf...) // want `append copies every chunk into a new slice`
		pool.Put(buf)
		out <- chunk
		if err != nil {
			return
		}
	}
}
