package mutants

// NoIdleTimeout: "a client that says nothing costs nothing." It costs a
// connection, a goroutine and buffers for ever: -timeout is never applied.
// Caught by "timeout".
var NoIdleTimeout = serveWith(func(s *server) {
	s.timeout = 0 // BUG: -timeout ignored
})
