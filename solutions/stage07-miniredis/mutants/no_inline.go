package mutants

import "io"

// NoInline: "clients send arrays of bulk strings, so a command starts
// with '*'." A line typed into nc or telnet ("PING\r\n") gets a protocol
// error instead of its reply. Caught by "inline".
var NoInline = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader {
		r := newRESPReader(rd, s).(*respReader)
		r.inline = nil // BUG: every command must be an array
		return r
	}
})
