package limits

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// This file is the line echo with stage 04's lifecycle (goodbye, idle
// timeout), carried unchanged from stage 04 into stage 05.

// What a client is told, each on a line of its own, before the line echo
// hangs up on it.
const (
	Goodbye       = "server shutting down\n"
	IdleNotice    = "idle timeout\n"
	TooLongNotice = "error: line too long\n"
)

// Why a conversation ended, when the client did not end it.
var (
	errShutdown = errors.New("server shutting down")
	errIdle     = errors.New("idle timeout")
)

// EchoLines returns the line echo as a handler for one connection. Every
// line comes back followed by "\n" (a "\r" before the "\n" is dropped, for
// telnet). A line longer than maxLine bytes, not counting its ending, gets
// TooLongNotice; a client silent for idle gets IdleNotice; a client that
// leaves a reply unread for idle is hung up on; and when ctx is cancelled,
// the lines already read are answered and the client gets Goodbye. Each
// of these ends the connection. Zero means DefaultMaxLine, DefaultIdle.
//
// The server wakes a handler blocked in Read when it shuts down, with a
// read deadline in the past; the echo tells that apart from its own idle
// deadline by looking at ctx.
func EchoLines(maxLine int, idle time.Duration) func(ctx context.Context, conn net.Conn) error {
	maxLine = orDefault(maxLine, DefaultMaxLine)
	idle = orDefault(idle, DefaultIdle)
	return func(ctx context.Context, conn net.Conn) error {
		return converse(ctx, conn, maxLine, idle)
	}
}

// converse answers lines until the client leaves (nil), falls silent
// (errIdle), sends a line that is too long (ErrLineTooLong), the server
// shuts down (errShutdown) or the connection fails, a write that waited
// idle for the client to read included.
func converse(ctx context.Context, conn net.Conn, maxLine int, idle time.Duration) error {
	r := newLineReader(conn, maxLine)
	w := bufio.NewWriter(conn)
	for {
		extendIdle(ctx, conn, idle)
		line, err := r.readLine()
		// A client that stops reading is as gone as one that stops
		// sending: without a write deadline, its handler would block in
		// Write for ever once the socket buffers are full, and no idle
		// timeout or slot would ever come back. Set before every reply
		// and before the farewell, since either may block.
		conn.SetWriteDeadline(time.Now().Add(idle))
		if err != nil {
			return farewell(ctx, w, err)
		}
		w.Write(line) // w keeps its first error; Flush reports it
		w.WriteByte('\n')
		// While more lines are already here, let the replies collect in
		// w; once none is, the client is waiting for us: send.
		if !r.waiting() {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
}

// extendIdle gives the client idle, from now, to send its next line.
// Deadlines are points in time: one set when the client connected would
// cut it off mid-conversation.
func extendIdle(ctx context.Context, conn net.Conn, idle time.Duration) {
	conn.SetReadDeadline(time.Now().Add(idle))
	// A shutdown that came just before the line above had its wake-up
	// (a deadline in the past) undone by it. Checking ctx afterwards
	// catches that.
	if ctx.Err() != nil {
		conn.SetReadDeadline(time.Now())
	}
}

// farewell ends a conversation after readLine failed with err: it tells
// the client why, when there is a reason to give, and returns the reason
// (nil when the client left). Lines already buffered were answered before
// readLine got this far, so the goodbye comes after them.
func farewell(ctx context.Context, w *bufio.Writer, err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return w.Flush()
	case errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil:
		return say(w, Goodbye, errShutdown) // woken by the shutdown
	case errors.Is(err, os.ErrDeadlineExceeded):
		return say(w, IdleNotice, errIdle)
	case errors.Is(err, ErrLineTooLong):
		return say(w, TooLongNotice, err)
	default:
		return err
	}
}

// say sends the client a last line, after any replies still buffered, and
// returns why.
func say(w *bufio.Writer, notice string, why error) error {
	w.WriteString(notice)
	if err := w.Flush(); err != nil {
		return errors.Join(why, err)
	}
	return why
}
