package mutants

import "time"

// TTLMissingIsForever: "TTL is -1 when the key has no expiry." A key
// that does not exist has none either, but Redis answers -2 for it, -1
// only for a key that lives for ever. Caught by "ttl".
var TTLMissingIsForever = serveWith(func(s *server) {
	for name, unit := range map[string]time.Duration{"ttl": time.Second, "pttl": time.Millisecond} {
		s.cmds[name] = command{2, func(c *client, args [][]byte) {
			left, _ := c.s.db.ttl(string(args[1]))
			if left < 0 { // BUG: no key at all is answered as no expiry
				c.integer(-1)
				return
			}
			c.integer(int64((left + unit/2) / unit))
		}}
	}
})
