package mutants

// PublishBlocks: "PUBLISH writes the message to each subscriber's
// connection." Under the hub's lock, and a Write waits while the
// subscriber's buffers are full: one subscriber that stops reading stalls
// the publisher, and every other PUBLISH behind the lock. Caught by
// "slow-subscriber".
var PublishBlocks = serveWith(func(s *server) {
	s.hub.publishTo = func(_ *hub, c *client, _ string, msg []byte) bool {
		c.conn.Write(msg) // BUG: waits for this subscriber to read
		return true
	}
})
