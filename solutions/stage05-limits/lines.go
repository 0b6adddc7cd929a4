package limits

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
)

// ErrLineTooLong ends a connection whose client sent a line longer than
// the limit. The client is told "error: line too long\n" first.
var ErrLineTooLong = errors.New("line too long")

// EchoLines returns stage 02's line echo as a handler: the one a Server
// uses when its Handler is nil. Every line comes back followed by "\n"
// (a "\r" before the "\n" is dropped, for telnet). A line longer than
// maxLine bytes, not counting its ending, gets "error: line too long\n"
// and ends the connection with ErrLineTooLong. Zero means DefaultMaxLine.
func EchoLines(maxLine int) func(conn net.Conn) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	return func(conn net.Conn) error { return echoLines(conn, conn, maxLine) }
}

// echoLines answers every line read from r on w, until EOF (nil) or an
// error. This is stage 02's loop.
func echoLines(r io.Reader, w io.Writer, maxLine int) error {
	// The reader's buffer is all the memory a line may take: maxLine
	// bytes and a "\r\n".
	br := bufio.NewReaderSize(r, maxLine+len("\r\n"))
	bw := bufio.NewWriter(w)
	for {
		line, err := readLine(br, maxLine)
		switch {
		case errors.Is(err, io.EOF):
			return bw.Flush()
		case errors.Is(err, ErrLineTooLong):
			return sendError(bw, err)
		case err != nil:
			return err
		}
		bw.Write(line) // bw keeps its first error; Flush reports it
		bw.WriteByte('\n')
		// While more lines are already here, let the replies collect in
		// bw; once none is, the client is waiting for us: send.
		if !lineWaiting(br) {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
	}
}

// lineWaiting reports whether a whole line is already buffered in r.
func lineWaiting(r *bufio.Reader) bool {
	buffered, _ := r.Peek(r.Buffered()) // never blocks: the bytes are there
	return bytes.IndexByte(buffered, '\n') >= 0
}

// readLine returns the next line without its "\n" or "\r\n". A last line
// with no "\n" is returned as it is; the call after it returns io.EOF.
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

// sendError tells the client what went wrong, on a line of its own, and
// returns err.
func sendError(w *bufio.Writer, err error) error {
	fmt.Fprintf(w, "error: %v\n", err)
	if ferr := w.Flush(); ferr != nil {
		return errors.Join(err, ferr)
	}
	return err
}
