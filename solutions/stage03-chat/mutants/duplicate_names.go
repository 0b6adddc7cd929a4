package mutants

// DuplicateNames lets a client take a name that another client already
// has, so two people appear as one and private messages go astray.
var DuplicateNames = serveWith(func(r *room) {
	r.rename = func(r *room, c *client, name string) {
		if !validName(name) {
			c.send("error: invalid name\n")
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		setName(r, c, name) // BUG: no check that the name is free
	}
})
