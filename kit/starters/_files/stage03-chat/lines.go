package chat

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// errLineTooLong reports a line longer than the limit. It comes as soon as
// the line is known to be too long, before its end has arrived; the rest of
// the line is dropped as it comes in, so reading can go on with the next.
var errLineTooLong = errors.New("line too long")

// A lineReader reads at most readBufSize bytes at a time. A line that
// arrives whole in one buffer is returned from it without a copy; a line
// that spans reads is gathered in a buffer that grows with it, never past
// the limit, and is given back once it has grown large.
const (
	readBufSize = 4 << 10
	keepLineCap = 64 << 10
)

// lineReader splits a stream into lines of bounded length (stage 02's
// framing). What an idle connection costs does not depend on the limit:
// memory grows only while a long line is arriving.
type lineReader struct {
	r        *bufio.Reader
	limit    int
	long     []byte // a line that spans reads, so far
	skipping bool   // dropping the rest of a line already reported too long
}

func newLineReader(r io.Reader, limit int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, min(limit+2, readBufSize)), limit: limit}
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// only until the following call. A last line without "\n" still counts.
// A line longer than the limit gives errLineTooLong as soon as the bytes
// that make it too long arrive, without waiting for its end.
func (lr *lineReader) next() ([]byte, error) {
	if cap(lr.long) > keepLineCap {
		lr.long = nil // that long line is over: do not keep its memory
	}
	lr.long = lr.long[:0]
	for {
		// Wait for at least one byte, then look at everything that came.
		if _, err := lr.r.Peek(1); err != nil {
			if errors.Is(err, io.EOF) && len(lr.long) > 0 && !lr.skipping {
				return lr.finish(lr.long)
			}
			return nil, err
		}
		buf, _ := lr.r.Peek(lr.r.Buffered())
		end := bytes.IndexByte(buf, '\n') + 1 // 0: no "\n" yet
		switch {
		case lr.skipping && end == 0:
			lr.r.Discard(len(buf))
		case lr.skipping:
			lr.r.Discard(end)
			lr.skipping = false // the long line is over; the next one starts here
		case end > 0 && len(lr.long) == 0:
			lr.r.Discard(end) // buf stays valid until the next read
			return lr.finish(buf[:end])
		case end > 0:
			lr.long = append(lr.long, buf[:end]...)
			lr.r.Discard(end)
			return lr.finish(lr.long)
		default:
			lr.long = append(lr.long, buf...)
			lr.r.Discard(len(buf))
			// Even if a "\r" is still to come, more than limit+1 bytes
			// without "\n" are too long: say so now, not at the line's end.
			if len(lr.long) > lr.limit+1 {
				lr.long = lr.long[:0]
				lr.skipping = true
				return nil, errLineTooLong
			}
		}
	}
}

// finish trims the line ending and checks the length.
func (lr *lineReader) finish(line []byte) ([]byte, error) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > lr.limit {
		return nil, errLineTooLong
	}
	return line, nil
}
