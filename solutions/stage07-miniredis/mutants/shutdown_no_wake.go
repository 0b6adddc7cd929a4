package mutants

// ShutdownNoWake: "each client's loop checks ctx before it reads the next
// command." A client in the middle of a pipeline is finished and closed,
// but one that is idle waits in Read, and a Read does not watch ctx:
// idle clients stay connected, and Serve never returns. Caught by
// "shutdown".
var ShutdownNoWake = serveWith(func(s *server) {
	s.wakeOnCancel = false // BUG: nothing wakes a Read that waits
})
