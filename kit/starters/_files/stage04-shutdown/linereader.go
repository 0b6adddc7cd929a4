package shutdown

import (
	"bytes"
	"errors"
	"io"
)

// This file is the line reader of the line echo, carried unchanged from
// stage 04 into stage 05.

// ErrLineTooLong is what readLine returns for a line over the limit.
var ErrLineTooLong = errors.New("line too long")

// firstBuffer is the reader's buffer until a line needs more: a connection
// that sends short lines, or none, costs this much however large the limit.
const firstBuffer = 4 << 10

// lineReader reads lines of at most maxLine bytes, not counting "\n" or
// "\r\n". Unlike a bufio.Reader sized to the limit, its buffer starts at
// firstBuffer and doubles only while a line does not fit, up to the limit;
// once every byte it read has been handed out, a grown buffer is dropped.
// So memory per idle connection does not depend on -max-line.
type lineReader struct {
	r          io.Reader
	max        int    // the most a line may take with its ending: maxLine+2
	buf        []byte // buf[start:end] is read but not yet handed out
	start, end int
	err        error // the read error to report once the buffer is empty
}

func newLineReader(r io.Reader, maxLine int) *lineReader {
	return &lineReader{r: r, max: maxLine + len("\r\n")}
}

// readLine returns the next line without its "\n" or "\r\n". The slice is
// valid until the next call.
//
// A last line cut short by EOF is still a line; the call after it returns
// io.EOF. A line longer than the limit is refused with ErrLineTooLong as
// soon as the limit is crossed, without waiting for its end. Any other
// read error, such as a deadline, is returned, and the partial line with
// it is dropped.
func (lr *lineReader) readLine() ([]byte, error) {
	if lr.start == lr.end && len(lr.buf) > firstBuffer {
		lr.buf, lr.start, lr.end = nil, 0, 0 // the long line is gone: so is its buffer
	}
	scanned := lr.start // buf[start:scanned] holds no "\n"
	for {
		if i := bytes.IndexByte(lr.buf[scanned:lr.end], '\n'); i >= 0 {
			line := lr.buf[lr.start : scanned+i]
			lr.start = scanned + i + 1
			return trimLine(line, lr.max-len("\r\n"))
		}
		if lr.err != nil {
			return lr.last()
		}
		if lr.end-lr.start >= lr.max {
			return nil, ErrLineTooLong // the limit, and still no "\n"
		}
		lr.makeRoom()
		scanned = lr.end
		n, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += n
		lr.err = err
	}
}

// last handles a read error with no "\n" left in the buffer: what remains
// is a last line if the error is EOF, and is dropped otherwise.
func (lr *lineReader) last() ([]byte, error) {
	line := lr.buf[lr.start:lr.end]
	lr.start = lr.end
	if len(line) > 0 && errors.Is(lr.err, io.EOF) {
		return trimLine(line, lr.max-len("\r\n"))
	}
	return nil, lr.err
}

// makeRoom makes space after end: first by moving the unread bytes to the
// front, then by doubling the buffer, never past max.
func (lr *lineReader) makeRoom() {
	if lr.end < len(lr.buf) {
		return
	}
	if lr.start > 0 {
		lr.end = copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.start = 0
		return
	}
	size := min(max(2*len(lr.buf), firstBuffer), lr.max)
	grown := make([]byte, size)
	copy(grown, lr.buf[:lr.end])
	lr.buf = grown
}

// waiting reports whether a whole line is already buffered, so that the
// next readLine will not wait for the network.
func (lr *lineReader) waiting() bool {
	return bytes.IndexByte(lr.buf[lr.start:lr.end], '\n') >= 0
}

// trimLine drops the "\r" telnet sends before "\n", and refuses a line
// longer than maxLine.
func trimLine(line []byte, maxLine int) ([]byte, error) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		return nil, ErrLineTooLong
	}
	return line, nil
}
