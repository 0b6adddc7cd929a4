package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// LateLongLine reads lines with a buffer of the whole limit and reports an
// over-long line only once its newline arrives: a client that never ends
// its line is never told, and every connection costs the whole -max-line.
var LateLongLine = serveWith(func(r *room) {
	r.newLines = func(rd io.Reader, limit int) lineSource {
		return &lateReader{r: bufio.NewReaderSize(rd, limit+2), limit: limit}
	}
})

type lateReader struct {
	r     *bufio.Reader
	limit int
}

func (lr *lateReader) next() ([]byte, error) {
	line, err := lr.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) { // BUG: waits for the end of the line before saying anything
			_, err = lr.r.ReadSlice('\n')
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		return nil, errLineTooLong
	}
	if err != nil && (len(line) == 0 || !errors.Is(err, io.EOF)) {
		return nil, err
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if len(line) > lr.limit {
		return nil, errLineTooLong
	}
	return line, nil
}
