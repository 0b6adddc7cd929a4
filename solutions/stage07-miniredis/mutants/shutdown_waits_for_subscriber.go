package mutants

// ShutdownWaitsForSubscriber: "on shutdown, wait for each subscriber's
// writer to finish." A subscriber that stopped reading with a backlog
// keeps its writer in conn.Write for ever, and Serve never returns.
// Caught by "shutdown-subscribers".
var ShutdownWaitsForSubscriber = serveWith(func(s *server) {
	s.lastWrites = 0 // BUG: no deadline on the last writes
})
