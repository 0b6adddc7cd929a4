package mutants

// LeaverStays: "UNSUBSCRIBE takes a client out of a channel." But one
// that hangs up never sends it: it stays in every channel, PUBLISH still
// counts it, and the hub keeps it for ever. Caught by
// "subscriber-leaves".
var LeaverStays = serveWith(func(s *server) {
	s.hub.leave = func(*hub, *client) {} // BUG: a client that goes away stays subscribed
})
