package mutants

// RacyBroadcast relays a chat line by walking the room's map without the
// lock, while joins, leaves and renames change the map under it. It passes
// every check by luck; the race detector reports it at once, and without
// it Go may crash with "concurrent map iteration and map write".
var RacyBroadcast = serveWith(func(r *room) {
	r.say = func(r *room, from *client, line string) {
		r.relay(r, from, line) // BUG: walks r.clients without r.mu
	}
})
