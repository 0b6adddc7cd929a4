package mutants

// ProtocolErrorStaysOpen: "a protocol error is an error like any other:
// answer it and read the next command." After input that is not RESP the
// server cannot tell where the next command starts; Redis closes the
// connection, and this server waits on it. Caught by "protocol-errors".
var ProtocolErrorStaysOpen = serveWith(func(s *server) {
	s.keepOnError = true // BUG: the connection outlives the protocol error
})
