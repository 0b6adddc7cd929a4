package miniredis

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"syscall"
	"time"
)

// writeBufferSize is the size of a client's reply buffer, Redis's
// PROTO_REPLY_CHUNK_BYTES. Replies longer than that are written through.
const writeBufferSize = 16 << 10

// client is one connection and what the server knows about it. Only its
// own goroutine touches it, except its outbox, which has its own lock.
type client struct {
	srv  *instance
	ctx  context.Context // done when the server shuts down
	conn net.Conn
	raw  syscall.RawConn // conn's socket, to wait on without a buffer; nil if it is none
	// chunk is borrowed for what was read while the client held no
	// buffer; pending is the part of it the reader has not taken yet.
	chunk   *[]byte
	pending []byte
	log     *slog.Logger
	id      int64  // CLIENT ID
	name    string // CLIENT SETNAME

	r    *reader
	w    replyWriter
	out  *outbox                    // set when the client first subscribes; then all replies go through it
	subs [kinds]map[string]struct{} // the channels and patterns it is subscribed to

	quit        bool // QUIT was sent: stop once the replies are out
	hasDeadline bool // a read deadline is set on conn
}

func newClient(srv *instance, ctx context.Context, conn net.Conn) *client {
	c := &client{
		srv:  srv,
		ctx:  ctx,
		conn: conn,
		id:   srv.lastID.Add(1),
		subs: [kinds]map[string]struct{}{{}, {}},
	}
	c.log = srv.log.With("client", c.id, "remote", conn.RemoteAddr().String())
	c.raw = rawConn(conn)
	c.r = &reader{maxBulk: srv.maxBulk}
	c.takeBuffers()
	return c
}

// serveConn serves one client until it quits or hangs up, breaks the
// protocol, stays idle too long, or the server shuts down. Nothing a client
// does, not even a panic in a command, reaches past its own connection.
func (in *instance) serveConn(ctx context.Context, conn net.Conn) {
	c := newClient(in, ctx, conn)
	defer c.close()
	// On shutdown, wake a Read that waits for the network: the commands
	// already received are still answered (see netReader), but no more are
	// read. And bound the time the last replies may take to go out.
	stop := context.AfterFunc(ctx, func() {
		now := time.Now()
		conn.SetReadDeadline(now)
		conn.SetWriteDeadline(now.Add(shutdownWriteTimeout))
	})
	defer stop()
	defer func() {
		if v := recover(); v != nil {
			// The stack is the panicking goroutine's, since recover runs
			// on top of it. Without it the log says what, never where.
			c.log.Error("panic serving a client; closed its connection", "panic", v, "stack", string(debug.Stack()))
		}
	}()
	c.end(c.serve())
}

// serve runs the client's commands, one after the other, until it quits
// or its connection ends, and returns why it ended.
func (c *client) serve() error {
	for !c.quit {
		if err := c.wait(); err != nil {
			return err
		}
		args, err := c.r.readCommand()
		if err != nil {
			return err
		}
		if len(args) > 0 {
			c.exec(args)
		}
	}
	return nil
}

// end answers a protocol error, logs why the connection ends if that is
// worth a line, and sends the last replies.
func (c *client) end(err error) {
	var perr protocolError
	switch {
	case errors.As(err, &perr):
		c.log.Warn("protocol error; closing the connection", "err", perr.Error())
		c.w.error(perr)
	case errors.Is(err, os.ErrDeadlineExceeded) && c.ctx.Err() == nil:
		c.log.Debug("idle timeout; closing the connection", "timeout", c.srv.idleTimeout)
	case err == nil, c.ctx.Err() != nil, errors.Is(err, io.EOF),
		errors.Is(err, net.ErrClosed), errors.Is(err, errSlowSubscriber):
		// The client quit or hung up, the server is shutting down, or
		// the outbox has logged why it closed the connection.
	default:
		c.log.Debug("connection failed", "err", err)
	}
	c.flush()
}

// close lets go of everything the client holds: its subscriptions, its
// outbox once that has written what it holds, its buffers and its
// connection.
func (c *client) close() {
	c.leaveAll()
	if c.out != nil {
		c.out.close()
		<-c.out.done
	}
	c.releaseBuffers()
	c.putChunk()
	c.conn.Close()
}

// flush sends the replies written so far: to the network, or into the
// outbox once the client has one. It is called only when every reply
// written is whole, so the outbox never holds half a reply.
func (c *client) flush() error {
	err := c.w.Flush()
	if c.out != nil {
		c.out.commit()
	}
	return err
}

// netReader is the source of the client's bufio.Reader. bufio calls it
// only when every byte received so far has been parsed and every complete
// command in them run; so this is where the replies to a whole pipeline go
// out, in one write, before waiting for more, and where the idle clock
// starts.
type netReader struct{ c *client }

func (nr netReader) Read(p []byte) (int, error) {
	c := nr.c
	if len(c.pending) > 0 {
		return c.takePending(p), nil
	}
	if err := c.flush(); err != nil {
		return 0, err
	}
	if err := c.armReadDeadline(); err != nil {
		return 0, err
	}
	return c.conn.Read(p)
}

// armReadDeadline sets the deadline for the next wait for input: the idle
// timeout, or none for a subscriber, whom Redis exempts since it may wait
// for messages for hours. It reports errShutdown if the server is
// shutting down, in which case no more input is read.
func (c *client) armReadDeadline() error {
	switch idle := c.srv.idleTimeout; {
	case idle > 0 && c.subscriptions() == 0:
		c.conn.SetReadDeadline(time.Now().Add(idle))
		c.hasDeadline = true
	case c.hasDeadline:
		c.conn.SetReadDeadline(time.Time{})
		c.hasDeadline = false
	}
	// A shutdown sets a deadline in the past to wake this Read. If it did
	// so just before the lines above, they have erased it; but ctx is
	// done before the shutdown touches the deadline, so this catches it.
	if c.ctx.Err() != nil {
		return errShutdown
	}
	return nil
}
