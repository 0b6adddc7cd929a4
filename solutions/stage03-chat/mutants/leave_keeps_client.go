package mutants

// LeaveKeepsClient announces a departure but never takes the client out
// of the map: it stays in /who, keeps its name, and is sent every line.
var LeaveKeepsClient = serveWith(func(r *room) {
	r.leave = func(r *room, c *client) {
		r.relay(r, c, "* "+c.name+" left\n") // BUG: no delete(r.clients, c.name)
	}
})
