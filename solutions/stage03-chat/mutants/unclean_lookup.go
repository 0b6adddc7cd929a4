package mutants

import "strings"

// UncleanLookup cleans the name it shows in "no such user" but looks up
// the name as sent. "/msg bob\x00 hi" then answers "error: no such user
// bob" while bob is in the room.
var UncleanLookup = serveWith(func(r *room) {
	r.msg = func(r *room, c *client, arg string) {
		name, text, _ := strings.Cut(arg, " ")
		r.mu.Lock()
		to, ok := r.clients[name] // BUG: the raw name, control characters and all
		if ok {
			r.private(r, c, to, r.clean(text))
		}
		r.mu.Unlock()
		if !ok {
			c.send("error: no such user " + r.clean(name) + "\n")
		}
	}
})
