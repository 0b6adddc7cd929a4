package mutants

import "sync"

// OneClientAtATime: "the accept loop calls handle(conn)." Without the go
// statement, the second client waits until the first has gone: bob's PING
// is not answered while alice is in the middle of a command. Caught by
// "two-clients".
var OneClientAtATime = serveWith(func(s *server) {
	s.spawn = func(_ *sync.WaitGroup, serve func()) {
		serve() // BUG: the accept loop waits for this client to leave
	}
})
