package mutants

// SlotKept: "the accept loop counts clients, and turns away one too
// many." But nothing counts them down when they leave: once -max-clients
// have come, whether or not they are still there, everyone is turned
// away. Caught by "max-clients".
var SlotKept = serveWith(func(s *server) {
	s.release = func(*server) {} // BUG: the slot is never given back
})
