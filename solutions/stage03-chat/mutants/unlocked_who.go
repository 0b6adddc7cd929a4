package mutants

import (
	"maps"
	"slices"
	"strings"
)

// UnlockedWho copies the names for /who without the lock: it only reads
// the map, after all. Other clients' goroutines change the map while it
// is walked, so the race detector reports it once /who runs while others
// join, leave or rename, and without it Go may crash with "concurrent map
// iteration and map write".
var UnlockedWho = serveWith(func(r *room) {
	r.who = func(r *room, c *client) {
		names := slices.Sorted(maps.Keys(r.clients)) // BUG: walks r.clients without r.mu
		c.send("* online: " + strings.Join(names, ", ") + "\n")
	}
})
