package limits

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// What a client is told, each on a line of its own, before the line echo
// hangs up on it.
const (
	Goodbye       = "server shutting down\n"
	IdleNotice    = "idle timeout\n"
	TooLongNotice = "error: line too long\n"
)

// ErrLineTooLong ends a connection whose client sent a line longer than
// the limit. The client is told TooLongNotice first.
var ErrLineTooLong = errors.New("line too long")

// Why a conversation ended, when the client did not end it.
var (
	errShutdown = errors.New("server shutting down")
	errIdle     = errors.New("idle timeout")
)

// EchoLines returns the line echo of stages 02 and 04 as a handler: the
// one a Server uses when its Handler is nil. Every line comes back followed
// by "\n" (a "\r" before the "\n" is dropped, for telnet). A line longer
// than maxLine bytes, not counting its ending, gets TooLongNotice; a client
// silent for idle gets IdleNotice; and when ctx is cancelled, the lines
// already read are answered and the client gets Goodbye. Each of these ends
// the connection. Zero means DefaultMaxLine, DefaultIdle.
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
// shuts down (errShutdown) or the connection fails.
func converse(ctx context.Context, conn net.Conn, maxLine int, idle time.Duration) error {
	// The reader's buffer is all the memory a line may take: maxLine
	// bytes and a "\r\n".
	r := bufio.NewReaderSize(conn, maxLine+len("\r\n"))
	w := bufio.NewWriter(conn)
	for {
		extendIdle(ctx, conn, idle)
		line, err := readLine(r, maxLine)
		if err != nil {
			return farewell(ctx, w, err)
		}
		w.Write(line) // w keeps its first error; Flush reports it
		w.WriteByte('\n')
		// While more lines are already here, let the replies collect in
		// w; once none is, the client is waiting for us: send.
		if !lineWaiting(r) {
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
// readLine got this far, because ReadSlice hands them out without calling
// Read, so the goodbye comes after them.
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

// lineWaiting reports whether a whole line is already buffered in r.
func lineWaiting(r *bufio.Reader) bool {
	buffered, _ := r.Peek(r.Buffered()) // never blocks: the bytes are there
	return bytes.IndexByte(buffered, '\n') >= 0
}

// readLine returns the next line without its "\n" or "\r\n". A last line
// with no "\n" is returned as it is; the call after it returns io.EOF. A
// line cut short by any other error, such as a deadline, is dropped.
func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, ErrLineTooLong // the buffer is full and still no "\n"
	case errors.Is(err, io.EOF) && len(line) > 0:
		// An unterminated last line: answer it; EOF comes next time.
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		return nil, ErrLineTooLong
	}
	return line, nil
}
