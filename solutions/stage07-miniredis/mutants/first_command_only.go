package mutants

import (
	"bytes"
	"errors"
	"io"
)

// FirstCommandOnly: "I keep reading until I have a whole command, run it,
// and start again with an empty buffer." A command in pieces is fine, but
// whatever came after the first command in the same reads is thrown away:
// a pipeline of a thousand ECHOs gets one reply. Caught by "pipeline".
var FirstCommandOnly = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader { return &firstCommandOnly{rd: rd, s: s} }
})

type firstCommandOnly struct {
	rd  io.Reader
	s   *server
	buf []byte
}

func (r *firstCommandOnly) readCommand() ([][]byte, error) {
	chunk := make([]byte, 16<<10)
	for {
		p := newRESPReader(bytes.NewReader(r.buf), r.s)
		args, err := p.readCommand()
		for err == nil && len(args) == 0 { // blank lines
			args, err = p.readCommand()
		}
		if err == nil {
			r.buf = r.buf[:0] // BUG: drops every byte after this command
			return args, nil
		}
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, err
		}
		n, err := r.rd.Read(chunk)
		if n == 0 && err != nil {
			return nil, err
		}
		r.buf = append(r.buf, chunk[:n]...)
	}
}
