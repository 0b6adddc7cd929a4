package mutants

// SilentOverwrite has leave right (it removes only its own entry) but a
// join that files the newcomer over whatever is under its address. When
// a client resets and a new one connects from the same address and port
// before the old one's leave has run, the old client's entry is simply
// replaced: its leave then finds the entry not its own and says nothing,
// and the room is never told that it left.
var SilentOverwrite = serveWith(func(r *room) {
	r.join = func(r *room, c *client) {
		r.relay(r, c, "* "+c.name+" joined\n")
		r.clients[c.name] = c // BUG: an old client's entry, replaced without its departure
	}
})
