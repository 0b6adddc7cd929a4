package framing

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// smallBuffer is the size of a lineReader's own buffer: most lines fit in
// it, and it is all an idle connection keeps.
const smallBuffer = 4 << 10

// lineReader reads lines the way bufio.Reader.ReadSlice does, with a
// limit, but its memory grows only as far as a line needs. It starts with
// a small bufio.Reader; a line longer than that is collected piece by
// piece in long, up to the limit, and long is let go again before the
// next line. An idle connection so costs a few KiB, whatever -max-line
// says: a buffer of -max-line bytes per connection would cost 16 MiB each
// with -max-line 16777216, whether or not anyone sends a long line.
//
// It is written for you: the lesson of readLine is what to do with what
// ReadSlice returns.
type lineReader struct {
	r    *bufio.Reader
	max  int    // the most bytes one line may take, "\r\n" included
	long []byte // the line being read, when it is longer than r's buffer
}

// newLineReader reads lines of up to maxLine bytes, not counting "\r\n",
// from r.
func newLineReader(r io.Reader, maxLine int) *lineReader {
	max := maxLine + len("\r\n")
	return &lineReader{r: bufio.NewReaderSize(r, min(max, smallBuffer)), max: max}
}

// ReadSlice returns the bytes up to and including the next "\n", with the
// errors of bufio.Reader.ReadSlice:
//   - bufio.ErrBufferFull once the line has filled its limit (maxLine+2
//     bytes) and still has no "\n": the line is too long, and nothing
//     more of it is read;
//   - io.EOF when the client has closed its side, with whatever it sent
//     after its last "\n" (perhaps nothing);
//   - any other error from the connection, such as a reset.
//
// The slice is only valid until the next call.
func (lr *lineReader) ReadSlice() ([]byte, error) {
	if cap(lr.long) > smallBuffer {
		lr.long = nil // the long line before this one is answered: let it go
	}
	line, err := lr.r.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) || len(line) >= lr.max {
		return line, err
	}
	// Longer than the small buffer: keep its pieces until the "\n", the
	// limit, or an error.
	lr.long = append(lr.long[:0], line...)
	for errors.Is(err, bufio.ErrBufferFull) && len(lr.long) < lr.max {
		line, err = lr.r.ReadSlice('\n')
		lr.long = append(lr.long, line...)
	}
	return lr.long, err
}

// lineWaiting reports whether r already holds a complete line, so that
// the next readLine will not wait for the network. Checking only
// r.Buffered() > 0 is not enough: the start of the next line may be
// buffered while the client waits for our reply before sending the rest.
func lineWaiting(lr *lineReader) bool {
	buffered, _ := lr.r.Peek(lr.r.Buffered()) // never blocks: the bytes are there
	return bytes.IndexByte(buffered, '\n') >= 0
}
