package mutants

// DroppableWelcome queues the welcome with send, like any room line. In a
// busy room more than -queue lines can arrive before the newcomer's writer
// first runs; the welcome is then the oldest line, and it is dropped: the
// newcomer's first line is "* missed N messages".
var DroppableWelcome = serveWith(func(r *room) {
	r.greet = func(c *client, line string) {
		c.send(line) // BUG: a full outbox drops it like any other line
	}
})
