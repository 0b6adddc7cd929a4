package mutants

// Unbounded queues every line for a client that does not read, however
// many there are: its memory grows for as long as the room talks.
var Unbounded = serveWith(func(r *room) {
	r.newOutbox = func(int) outbox {
		return newBounded(0) // BUG: no limit on the lines kept for a client
	}
})
