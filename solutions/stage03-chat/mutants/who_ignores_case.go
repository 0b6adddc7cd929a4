package mutants

import (
	"maps"
	"slices"
	"strings"
)

// WhoIgnoresCase sorts /who alphabetically, as a person reads a list:
// "alice" before "Bob". The protocol sorts byte by byte, where capitals
// come first, so a client that parses the list gets another order here.
var WhoIgnoresCase = serveWith(func(r *room) {
	r.who = func(r *room, c *client) {
		r.mu.Lock()
		names := slices.Collect(maps.Keys(r.clients))
		r.mu.Unlock()
		slices.SortFunc(names, func(a, b string) int { // BUG: not byte by byte
			return strings.Compare(strings.ToLower(a), strings.ToLower(b))
		})
		c.send("* online: " + strings.Join(names, ", ") + "\n")
	}
})
