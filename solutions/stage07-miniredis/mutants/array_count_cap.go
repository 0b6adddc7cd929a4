package mutants

import "io"

// ArrayCountCap: "no command has a million arguments: an array that
// announces more is a protocol error." It keeps a header that promises
// two billion elements from costing memory, but Redis accepts any count
// up to 2³¹-1, reserving room only as the elements arrive, and so must a
// server that stands in for it. Caught by "huge-claims".
var ArrayCountCap = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader {
		r := newRESPReader(rd, s).(*respReader)
		r.maxArray = 1 << 20 // BUG: Redis's limit is 2³¹-1
		return r
	}
})
