package mutants

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// ReadWholeLine reads each line with ReadBytes, which grows its result
// until a "\n" comes, and only then measures it. The limit is right, but
// memory is unbounded: a client that never sends "\n" makes the line grow
// until the server runs out.
func ReadWholeLine(maxLine int) Server { return lineServer(maxLine, readWholeLine) }

func readWholeLine(r *bufio.Reader, maxLine int) ([]byte, error) {
	line, err := r.ReadBytes('\n') // BUG: no bound until the line ends
	switch {
	case errors.Is(err, io.EOF) && len(line) > 0:
	case err != nil:
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		return nil, errTooLong
	}
	return line, nil
}
