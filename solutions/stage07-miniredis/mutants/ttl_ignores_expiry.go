package mutants

import "time"

// TTLIgnoresExpiry: "TTL reads the entry's expiry time." For a key past
// its time and not yet swept it answers 0 (or less), not -2.
var TTLIgnoresExpiry = serveWith(func(s *server) {
	s.cmds["ttl"] = command{2, func(c *client, args [][]byte) {
		c.s.db.mu.Lock()
		e, ok := c.s.db.keys[string(args[1])] // BUG: no expiry check
		c.s.db.mu.Unlock()
		switch {
		case !ok:
			c.integer(-2)
		case e.at.IsZero():
			c.integer(-1)
		default:
			c.integer(int64((time.Until(e.at) + time.Second/2) / time.Second))
		}
	}}
})
