package mutants

// ExistsIgnoresExpiry: "EXISTS looks the key up in the map." A key past
// its time is still there until the sweep (or a GET) removes it, so
// EXISTS counts it for up to the sweep's period.
var ExistsIgnoresExpiry = serveWith(func(s *server) {
	s.cmds["exists"] = command{-2, func(c *client, args [][]byte) {
		c.s.db.mu.Lock()
		defer c.s.db.mu.Unlock()
		n := 0
		for _, k := range args[1:] {
			if _, ok := c.s.db.keys[string(k)]; ok { // BUG: expired keys count
				n++
			}
		}
		c.integer(int64(n))
	}}
})
