package mutants

import (
	"bufio"
	"bytes"
)

// DropLastLine treats any error from ReadSlice as the end, including the
// io.EOF that comes with a last line that has no "\n".
func DropLastLine(maxLine int) Server { return lineServer(maxLine, dropLastLine) }

func dropLastLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, errTooLong
	}
	if err != nil {
		return nil, err // BUG: at io.EOF, line may still hold a last line
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		return nil, errTooLong
	}
	return line, nil
}
