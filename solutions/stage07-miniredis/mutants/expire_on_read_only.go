package mutants

// ExpireOnReadOnly: "a key past its time is deleted when someone reads
// it." Every command sees it gone, but a key nobody reads again stays in
// memory for ever: 500 keys set to live 20 ms are still counted by DBSIZE
// seconds later. Caught by "reclaimed".
var ExpireOnReadOnly = serveWith(func(s *server) {
	s.sweep = false // BUG: nothing removes the keys that nobody reads
})
