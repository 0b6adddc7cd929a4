package mutants

import (
	"bytes"
	"io"
)

// ReadIsCommand: "I read what the client sent into a 4 KiB buffer and run
// the commands in it." One Read is taken for whole commands, as if TCP
// delivered messages: a command that arrives in pieces, or that is longer
// than the buffer, is cut, and the cut ends the connection. The 100,000
// byte ECHO of "echo" is the first to arrive in pieces (it cannot fit);
// "byte-by-byte" would catch it too.
var ReadIsCommand = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader { return &readIsCommand{rd: rd, s: s} }
})

type readIsCommand struct {
	rd    io.Reader
	s     *server
	ready [][][]byte // the commands of the last read, not yet run
}

func (r *readIsCommand) readCommand() ([][]byte, error) {
	for len(r.ready) == 0 {
		buf := make([]byte, 4096)
		n, err := r.rd.Read(buf)
		if n == 0 && err != nil {
			return nil, err
		}
		// BUG: what one Read returned is parsed as whole commands.
		p := newRESPReader(bytes.NewReader(buf[:n]), r.s)
		for {
			args, err := p.readCommand()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			r.ready = append(r.ready, args)
		}
	}
	args := r.ready[0]
	r.ready = r.ready[1:]
	return args, nil
}
