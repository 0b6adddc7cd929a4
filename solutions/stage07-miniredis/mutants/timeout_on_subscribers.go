package mutants

import (
	"io"
	"time"
)

// TimeoutOnSubscribers: "every client gets a read deadline of -timeout."
// A subscriber waits for messages, not commands, and Redis (and the flag's
// usage) exempts it; here it is closed after -timeout of quiet.
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
