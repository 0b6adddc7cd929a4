package mutants

// ArityAtLeast: "a command needs at least its arguments; extra ones are
// ignored." ECHO a b answers "a", where Redis says the arity is wrong.
// Caught by "wrong-arity".
var ArityAtLeast = serveWith(func(s *server) {
	s.arityOK = func(arity, n int) bool {
		return n >= max(arity, -arity) // BUG: an exact arity is taken as a minimum
	}
})
