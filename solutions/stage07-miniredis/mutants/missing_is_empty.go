package mutants

// MissingIsEmpty: "GET of a missing key returns an empty string." Redis
// answers a nil bulk string ($-1), which clients tell from "" (go-redis's
// redis.Nil). Caught by "set-get".
var MissingIsEmpty = serveWith(func(s *server) {
	s.cmds["get"] = command{2, func(c *client, args [][]byte) {
		v, _ := c.s.db.get(string(args[1]))
		c.bulk(v) // BUG: a missing key answers $0, not $-1
	}}
})
