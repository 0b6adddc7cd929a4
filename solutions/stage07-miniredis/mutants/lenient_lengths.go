package mutants

import (
	"io"
	"strconv"
)

// LenientLengths: "strconv.ParseInt reads a header's count." It takes
// "$+4" and "*01", which Redis refuses as a protocol error, so a client
// that works here breaks against Redis. Caught by "protocol-errors".
var LenientLengths = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader {
		r := newRESPReader(rd, s).(*respReader)
		r.length = func(b []byte) (int64, bool) {
			n, err := strconv.ParseInt(string(b), 10, 64) // BUG: too lenient
			return n, err == nil
		}
		return r
	}
})
