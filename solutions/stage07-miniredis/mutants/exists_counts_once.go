package mutants

// ExistsCountsOnce: "EXISTS a b a asks about two keys." Redis counts a
// key named twice twice. Caught by "del-exists".
var ExistsCountsOnce = serveWith(func(s *server) {
	s.cmds["exists"] = command{-2, func(c *client, args [][]byte) {
		distinct := map[string]bool{} // BUG: repeated keys counted once
		for _, k := range args[1:] {
			distinct[string(k)] = true
		}
		n := 0
		for k := range distinct {
			n += c.s.db.exists(k)
		}
		c.integer(int64(n))
	}}
})
