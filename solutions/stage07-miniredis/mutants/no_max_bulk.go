package mutants

import "math"

// NoMaxBulk: "the header says how many bytes follow; I read that many."
// With no bound, a client may announce a terabyte and the server waits
// for it, and takes memory for it, instead of refusing it at once.
// Caught by "max-bulk".
var NoMaxBulk = serveWith(func(s *server) {
	s.maxBulk = math.MaxInt64 // BUG: -max-bulk ignored
})
