package mutants

// RenameCheckThenAct checks that the name is free under the lock, lets the
// lock go, announces the new name with the broadcast (which takes the lock
// itself), and only then takes the lock again to move the client in the
// map. Each step is locked, but the check and the change are not one step:
// two clients asking for the same free name at the same moment both pass
// the check before either has the name, and both are told it is theirs.
var RenameCheckThenAct = serveWith(func(r *room) {
	r.rename = func(r *room, c *client, name string) {
		if !validName(name) {
			c.send("error: invalid name\n")
			return
		}
		if nameTaken(r, name, c) {
			c.send("error: name taken\n")
			return
		}
		old := c.name
		c.send("* you are now " + name + "\n")
		r.say(r, c, "* "+old+" is now "+name+"\n")
		r.mu.Lock() // BUG: the name may have been taken since nameTaken let the lock go
		delete(r.clients, old)
		c.name = name
		r.clients[name] = c
		r.mu.Unlock()
	}
})

// nameTaken reports whether a client other than c has name.
func nameTaken(r *room, name string, c *client) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	owner, taken := r.clients[name]
	return taken && owner != c
}
