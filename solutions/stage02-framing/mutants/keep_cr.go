package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// KeepCR removes the "\n" but not the "\r" before it, so a telnet user's
// "hi\r\n" comes back as "hi\r\n".
func KeepCR(maxLine int) Server { return lineServer(maxLine, keepCR) }

func keepCR(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errTooLong
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n")) // BUG: and then the "\r"
	if len(line) > maxLine+1 {
		return nil, errTooLong
	}
	return line, nil
}
