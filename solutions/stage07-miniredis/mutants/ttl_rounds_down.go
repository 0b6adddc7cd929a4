package mutants

import "time"

// TTLRoundsDown: "TTL is the time left, in whole seconds." Dividing the
// milliseconds left by 1000 rounds down, so a key given 100 seconds
// answers 99 a millisecond later; Redis rounds to the nearest second.
// Caught by "ttl".
var TTLRoundsDown = serveWith(func(s *server) {
	s.cmds["ttl"] = command{2, func(c *client, args [][]byte) {
		left, ok := c.s.db.ttl(string(args[1]))
		switch {
		case !ok:
			c.integer(-2)
		case left < 0:
			c.integer(-1)
		default:
			c.integer(int64(left / time.Second)) // BUG: rounds down
		}
	}}
})
