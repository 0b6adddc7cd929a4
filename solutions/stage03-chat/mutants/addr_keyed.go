package mutants

// AddrKeyed trusts that a client's address names it alone: join files
// the client under it, overwriting whatever is there, and leave deletes
// whatever is there. When a client resets and a new one connects from the
// same address and port before the old one's leave has run, that leave
// deletes the newcomer and announces a departure that did not happen.
var AddrKeyed = serveWith(func(r *room) {
	r.join = func(r *room, c *client) {
		r.relay(r, c, "* "+c.name+" joined\n")
		r.clients[c.name] = c // BUG: may overwrite an older client's entry
	}
	r.leave = func(r *room, c *client) {
		delete(r.clients, c.name) // BUG: may delete a newer client's entry
		r.relay(r, c, "* "+c.name+" left\n")
	}
})
