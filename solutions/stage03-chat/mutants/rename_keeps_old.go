package mutants

// RenameKeepsOld adds the new name to the room and forgets to delete the
// old one: the old name (or address) stays taken by a client that no
// longer has it, and /who lists both.
var RenameKeepsOld = serveWith(func(r *room) {
	r.rename = renameWith(func(r *room, c *client, name string) {
		old := c.name
		c.name = name
		r.clients[name] = c // BUG: r.clients[old] is never deleted
		c.send("* you are now " + name + "\n")
		r.relay(r, c, "* "+old+" is now "+name+"\n")
	})
})
