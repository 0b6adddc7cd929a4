package mutants

// NoLock: "a map lookup is quick, it needs no lock." Every client's
// goroutine reads and writes the keyspace at once: Go may crash with
// "concurrent map writes", and the race detector reports it every time,
// in "many-clients".
var NoLock = serveWith(func(s *server) {
	s.db.mu = noLock{} // BUG: the keyspace is shared but not guarded
})

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}
