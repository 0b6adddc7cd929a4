package miniredis

import (
	"bufio"
	"io"
	"sync"
	"syscall"
)

// A connection that waits for its client's next command holds no buffer:
// with ten thousand mostly idle clients, two buffers of 16 KiB each would
// be most of the server's memory. Before it waits, a client gives its read
// and reply buffers back to these pools; it borrows a chunk only for each
// attempt to read (stage 06's lesson), and takes its buffers again once
// bytes have come.
var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufferSize) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, writeBufferSize) }}
	chunks  = sync.Pool{New: func() any { b := make([]byte, readBufferSize); return &b }}
)

// wait sends the replies written so far and waits for the client's next
// bytes. When the connection is a socket and nothing of the client's is
// buffered, it waits holding no buffer; otherwise, as on a connection
// that is not a socket, the next read waits with its buffer, as bufio
// always does. Its error is the wait's: the idle timeout, a shutdown, or
// a connection gone.
func (c *client) wait() error {
	if c.raw == nil || c.r.br.Buffered() > 0 {
		return nil
	}
	if err := c.flush(); err != nil {
		return err
	}
	if err := c.armReadDeadline(); err != nil {
		return err
	}
	c.releaseBuffers()
	defer c.takeBuffers()
	chunk, err := readWhenReady(c.raw)
	if chunk != nil {
		c.chunk, c.pending = chunk, *chunk
	}
	return err
}

// takeBuffers gives the client a read buffer and a reply buffer, the
// replies going to its outbox once it has one.
func (c *client) takeBuffers() {
	c.r.br = readers.Get().(*bufio.Reader)
	c.r.br.Reset(netReader{c})
	c.w.Writer = writers.Get().(*bufio.Writer)
	var dst io.Writer = c.conn
	if c.out != nil {
		dst = c.out
	}
	c.w.Reset(dst)
}

// releaseBuffers puts both buffers back, emptied: before a wait, the
// replies have been flushed and every byte read parsed; when the client
// is done, what is left is of no use.
func (c *client) releaseBuffers() {
	c.r.br.Reset(nil)
	readers.Put(c.r.br)
	c.w.Reset(nil)
	writers.Put(c.w.Writer)
	c.r.br, c.w.Writer = nil, nil
}

// readWhenReady parks the goroutine in the runtime's network poller until
// the socket has something to read, and reads it into a chunk borrowed
// only for the attempt: syscall.RawConn.Read calls try, and each time try
// returns false, parks until the socket is readable and calls it again.
// The read deadline applies. It returns the chunk with what was read, or
// nil at EOF (the next read sees it too) or on an error.
func readWhenReady(raw syscall.RawConn) (*[]byte, error) {
	var got *[]byte
	var readErr error
	err := raw.Read(func(fd uintptr) bool {
		buf := chunks.Get().(*[]byte)
		n, err := readNow(fd, *buf)
		if err == syscall.EAGAIN {
			chunks.Put(buf)
			return false
		}
		if n > 0 {
			*buf = (*buf)[:n]
			got = buf
		} else {
			chunks.Put(buf)
		}
		readErr = err
		return true
	})
	if err != nil {
		return nil, err
	}
	return got, readErr
}

// takePending copies into p what readWhenReady read, giving its chunk
// back once it is used up.
func (c *client) takePending(p []byte) int {
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	if len(c.pending) == 0 {
		c.putChunk()
	}
	return n
}

// putChunk gives the chunk back, whole again, if the client has one.
func (c *client) putChunk() {
	if c.chunk == nil {
		return
	}
	*c.chunk = (*c.chunk)[:cap(*c.chunk)]
	chunks.Put(c.chunk)
	c.chunk, c.pending = nil, nil
}
