package mutants

import "strings"

// UnlockedMsg looks the recipient of a /msg up in the room's map without
// the lock, as if a read were harmless (and the outbox has a lock of its
// own). It is not: another client's
// goroutine may be adding, deleting or renaming an entry at that moment.
// Every check passes by luck; the race detector reports it once /msg runs
// while others join, leave or rename, and without it Go may crash with
// "concurrent map read and map write".
var UnlockedMsg = serveWith(func(r *room) {
	r.msg = func(r *room, c *client, arg string) {
		name, text, _ := strings.Cut(arg, " ")
		name = r.clean(name)
		to, ok := r.clients[name] // BUG: reads r.clients without r.mu
		if !ok {
			c.send("error: no such user " + name + "\n")
			return
		}
		r.private(r, c, to, r.clean(text)) // send has a lock of its own, but the lookup had none
	}
})
