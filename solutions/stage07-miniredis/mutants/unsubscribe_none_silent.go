package mutants

// UnsubscribeNoneSilent: "UNSUBSCRIBE leaves each channel the client is
// in." With none, it sends nothing at all, where Redis sends one reply
// with a nil channel: a client that waits for it waits for ever. Caught
// by "unsubscribe".
var UnsubscribeNoneSilent = serveWith(func(s *server) {
	s.cmds["unsubscribe"] = command{-1, func(c *client, args [][]byte) {
		c.flush()
		chans := args[1:]
		if len(chans) == 0 {
			for ch := range c.subs {
				chans = append(chans, []byte(ch))
			}
		}
		for _, ch := range chans { // BUG: nothing to leave, no reply
			c.s.hub.unsubscribe(c, ch)
		}
	}}
})
