package mutants

import (
	"io"
	"time"

	"tcpworkbook/stage07-miniredis/miniredistest"
)

// Uncaught holds realistic mistakes that the suite does not catch yet:
// each passes every check. They are not in All, whose names the manifest
// must list; once a check catches one, move it there and into the
// manifest.
var Uncaught = map[string]miniredistest.Impl{
	"exists-ignores-expiry":  {Serve: ExistsIgnoresExpiry},
	"ttl-ignores-expiry":     {Serve: TTLIgnoresExpiry},
	"timeout-on-subscribers": {Serve: TimeoutOnSubscribers},
}

// ExistsIgnoresExpiry: "EXISTS looks the key up in the map." A key past
// its time is still there until the sweep (or a GET) removes it, so
// EXISTS counts it for up to the sweep's period. The sweep hides it from
// "expires", which polls until the keys are gone.
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

// TTLIgnoresExpiry: "TTL reads the entry's expiry time." For a key past
// its time and not yet swept it answers 0 (or less), not -2. Hidden by
// the sweep, like ExistsIgnoresExpiry.
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

// TimeoutOnSubscribers: "every client gets a read deadline of -timeout."
// A subscriber waits for messages, not commands, and Redis (and the flag's
// usage) exempts it; here it is closed after -timeout of quiet. No check
// subscribes with -timeout set.
var TimeoutOnSubscribers = serveWith(func(s *server) {
	s.newReader = func(rd io.Reader, s *server) commandReader {
		return newRESPReader(everyoneTimesOut{rd.(netReader).c}, s)
	}
})

type everyoneTimesOut struct{ c *client }

func (r everyoneTimesOut) Read(p []byte) (int, error) {
	c := r.c
	if err := c.flush(); err != nil {
		return 0, err
	}
	if c.s.timeout > 0 {
		c.conn.SetReadDeadline(time.Now().Add(c.s.timeout)) // BUG: subscribers too
	}
	if c.ctx.Err() != nil {
		return 0, errShutdown
	}
	return c.conn.Read(p)
}
