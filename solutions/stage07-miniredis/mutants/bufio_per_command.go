package mutants

import "io"

// BufioPerCommand: "readCommand wraps the connection in a bufio.Reader
// and reads one command." A new reader per command: the bytes the last
// one read past its command, the rest of a pipeline, are lost with it.
// Caught by "pipeline".
var BufioPerCommand = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader { return perCommand{rd, s} }
})

type perCommand struct {
	rd io.Reader
	s  *server
}

func (p perCommand) readCommand() ([][]byte, error) {
	r := newRESPReader(p.rd, p.s) // BUG: a new buffer, and the old one's bytes gone
	for {
		if args, err := r.readCommand(); err != nil || len(args) > 0 {
			return args, err
		}
	}
}
