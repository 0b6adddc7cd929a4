package mutants

// NoLock uses the room's map from every client's goroutine without a lock.
// Joins, leaves and broadcasts then race: Go may crash with "concurrent map
// writes", and the race detector (go test -race) reports it every time.
var NoLock = serveWith(func(r *room) {
	r.mu = noLock{} // BUG: the map of clients is shared but not guarded
})

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}
