package mutants

// SubscribedModeOpen: "a subscriber is a client like any other." Redis
// allows a subscribed client only (UN)SUBSCRIBE, PING and QUIT, since a
// reply to GET could not be told from a message; here GET is answered.
// Caught by "subscribed-mode".
var SubscribedModeOpen = serveWith(func(s *server) {
	s.pubsubOnly = func(string) bool { return true } // BUG: no subscribed mode
})
