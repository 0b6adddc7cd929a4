package chat

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// errLineTooLong reports a line longer than the limit. The whole line has
// been read and dropped, so reading can go on with the next one.
var errLineTooLong = errors.New("line too long")

// lineReader splits a stream into lines of bounded length (stage 02's
// framing). Its memory is fixed, however long a line a client sends.
type lineReader struct {
	r     *bufio.Reader
	limit int
}

func newLineReader(r io.Reader, limit int) *lineReader {
	// Room for the longest line plus "\r\n". A longer line overflows the
	// buffer, which is how we notice it without storing it.
	return &lineReader{r: bufio.NewReaderSize(r, limit+2), limit: limit}
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// only until the following call. A last line without "\n" still counts.
// A line longer than the limit gives errLineTooLong.
func (lr *lineReader) next() ([]byte, error) {
	line, err := lr.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, lr.skipLine()
	}
	if err != nil && (len(line) == 0 || !errors.Is(err, io.EOF)) {
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > lr.limit {
		return nil, errLineTooLong
	}
	return line, nil
}

// skipLine reads and drops the rest of an over-long line, a buffer at a
// time, and returns errLineTooLong, or the error that cut the line short.
func (lr *lineReader) skipLine() error {
	for {
		_, err := lr.r.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == nil, errors.Is(err, io.EOF):
			return errLineTooLong // at EOF, the next call reports EOF
		default:
			return err
		}
	}
}
