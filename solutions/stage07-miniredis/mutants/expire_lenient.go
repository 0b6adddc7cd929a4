package mutants

import (
	"math"
	"strconv"
	"time"
)

// ExpireLenient: "strconv.ParseInt reads EXPIRE's time." It takes "+5"
// and "007", which Redis refuses as not an integer. Caught by
// "expire-errors".
var ExpireLenient = serveWith(func(s *server) {
	s.cmds["expire"] = command{3, func(c *client, args [][]byte) {
		n, err := strconv.ParseInt(string(args[2]), 10, 64) // BUG: too lenient
		if err != nil {
			c.err(errNotInteger)
			return
		}
		n = min(max(n, -math.MaxInt64/int64(time.Second)), math.MaxInt64/int64(time.Second)-1)
		if c.s.db.expire(string(args[1]), time.Now().Add(time.Duration(n)*time.Second)) {
			c.integer(1)
		} else {
			c.integer(0)
		}
	}}
})
