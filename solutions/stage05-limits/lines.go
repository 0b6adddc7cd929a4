package limits

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
)

// TooLong is the answer to a line longer than MaxLine, sent just before the
// connection is closed.
const TooLong = "error: line too long\n"

// errTooLong ends a connection whose client sent a line over the limit.
var errTooLong = errors.New("line too long")

// EchoLines returns stage 02's line echo as a handler, the one a Server
// uses when its Handler is nil. Every line comes back with "\n" (a "\r"
// before the "\n" is dropped, for telnet); a line longer than maxLine bytes
// (DefaultMaxLine if maxLine is 0) gets TooLong and ends the connection.
func EchoLines(maxLine int) func(conn net.Conn) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	return func(conn net.Conn) error { return echoLines(conn, maxLine) }
}

func echoLines(conn net.Conn, maxLine int) error {
	// A buffer no bigger than the limit allows makes ReadSlice hand back
	// a line that is too long as soon as it is, rather than when its
	// "\n" finally comes (if ever).
	r := bufio.NewReaderSize(conn, min(maxLine+1, 4096))
	w := bufio.NewWriter(conn)
	for {
		line, err := readLine(r, maxLine)
		switch {
		case errors.Is(err, errTooLong):
			w.WriteString(TooLong)
			w.Flush()
			return err
		case err == nil, errors.Is(err, io.EOF) && len(line) > 0:
			w.Write(line)
			w.WriteByte('\n')
		}
		if errors.Is(err, io.EOF) {
			return w.Flush() // the client is done; answer its last line
		}
		if err != nil {
			return err
		}
		// Flush only when no more input is waiting, so that a burst of
		// pipelined lines costs one write while a person typing sees
		// each answer at once. Write errors stick in w and surface here.
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
}

// readLine returns the next line without its "\n" or "\r\n". A line may
// hold at most maxLine bytes, not counting that ending; a longer one is
// errTooLong, reported as soon as the bytes in hand prove it, so memory
// stays bounded however long the line goes on. A last line with no "\n"
// comes with io.EOF.
func readLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if err == nil { // a whole line
			line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
			if len(line) > maxLine {
				return nil, errTooLong
			}
			return line, nil
		}
		// Still no "\n". One byte over the limit may be the "\r" of a "\r\n"
		// that is still on its way; anything more is too long already.
		if len(line) > maxLine+1 || len(line) == maxLine+1 && line[maxLine] != '\r' {
			return nil, errTooLong
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return bytes.TrimSuffix(line, []byte("\r")), err // io.EOF or a read error
		}
	}
}
