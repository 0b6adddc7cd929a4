package mutants

// Echo sends each line to every client, the sender included: the sender
// sees its own words come back.
var Echo = serveWith(func(r *room) {
	r.relay = func(r *room, from *client, line string) {
		for _, c := range r.clients { // BUG: no check for c != from
			c.send(line)
		}
	}
})
