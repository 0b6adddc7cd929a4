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
// and reply buffers back to these pools, waits until the socket is
// readable (stage 06's lesson), and takes buffers again only then.
var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufferSize) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, writeBufferSize) }}
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
	return waitReadable(c.raw)
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

// waitReadable parks the goroutine in the runtime's network poller until
// the socket has something to read (bytes, EOF or an error) without
// reading it, through syscall.RawConn.Read: each time the try function
// returns false, the poller parks the goroutine until the socket is
// readable, then calls it again. The read deadline applies.
func waitReadable(raw syscall.RawConn) error {
	return raw.Read(func(fd uintptr) bool { return !nothingYet(fd) })
}
