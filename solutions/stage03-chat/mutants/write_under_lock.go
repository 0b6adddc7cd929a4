package mutants

// WriteUnderLock has the broadcast write each line to every connection
// itself, while it holds the room's lock, instead of queueing it for each
// client's writer. Once one client stops reading, a Write blocks, the lock
// stays held, and the whole room stops.
var WriteUnderLock = serveWith(func(r *room) {
	r.relay = broadcastLocked
})

// broadcastLocked is named as a student's would be: the suite recognises
// a write blocked inside it.
func broadcastLocked(r *room, from *client, line string) {
	for _, c := range r.clients {
		if c != from {
			c.conn.Write([]byte(line)) // BUG: blocks while this client is not reading, with r.mu held
		}
	}
}
