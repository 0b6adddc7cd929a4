package check

// The harness's own sentences, kept here so that they read as text and the
// code that picks one stays short. Each %v or %s is filled in where the
// message is used; the comment says with what.

// Readings of a network error, for "What happened:" (see explain).
const (
	// who, how long it waited, the bytes that had arrived before.
	msgSilentAfterSome = "timeout. %s waited %v for more and nothing arrived (%d bytes had arrived before that). " +
		"The connection is still open: the server is alive but silent. " +
		"Is it stuck, or did it drop what should have come next?"
	// who, how long it waited.
	msgSilentFromStart = "timeout. %s waited %v and not one byte arrived, though the connection is still open: " +
		"it was accepted (by your server, or by the kernel on its behalf), but nothing was written back. " +
		"Either nothing is reading this connection, or the reply never left the server."
	// who, how long it tried.
	msgWriteTimeout = "timeout while writing. %s could not send for %v: the server has stopped reading " +
		"from this connection, so the kernel buffers filled up."
	msgReset = "connection reset. The server's side aborted the connection (TCP RST). " +
		"A server does that when it closes a socket that still holds unread input, or when its process dies."
)

// Headlines of a client's failed expectation.
const (
	msgIncomplete = "%s did not receive everything expected"                                             // who
	msgMoreBytes  = "%s expected the server to close the connection, but more bytes arrived first"       // who
	msgStillOpen  = "%s expected the server to close the connection, but it was still open %v later. " + // who, how long
		"Does the handler return when Read reports io.EOF?"
)

// msgServeStillRunning: how long Serve was given to return.
const msgServeStillRunning = "Serve was still running %v after the case ended, its listener was closed " +
	"and every client hung up. Either the accept loop does not stop when Accept fails with net.ErrClosed, " +
	"or Serve waits for a handler that never returns."

// readingCrossTalk: who received, who sent.
const readingCrossTalk = "%s received bytes that %s sent. Each connection's data must stay its own: a buffer, " +
	"a reader or a variable declared outside the handler (a package-level var, a field of the server) is shared " +
	"by every connection at once. Declare it inside the function that serves one connection."

// The readings of a server that does not return: see reportStuck.
const (
	readingStuck = "a goroutine of your server is blocked for good, and Serve waits for it (or is it). " +
		"The list above says where each one waits, at your line: a Read or Write with no deadline on a " +
		"connection nobody closes, a channel nobody sends on or receives from, or a lock nobody unlocks."
	readingSpinning = "a goroutine of your server is not waiting for anything: it is still running, round a " +
		"loop that never ends, and Serve is that loop or waits for it. In an accept loop, that is a loop that goes " +
		"on after Accept fails: once the listener is closed, every Accept fails at once, for ever. Return when " +
		"errors.Is(err, net.ErrClosed), and return (or wait, then retry) on any other error."
	readingStuckRelease = "a goroutine waits to receive in release: the slot channel is empty, so this " +
		"release gives back a slot that was already given back. A slot released twice (two defers, or a " +
		"defer and a call on the error path) waits there for ever, and so does Serve, for that handler. " +
		"Release in one place only, with one defer."
)

// msgNotListening: the address, how long, the variable that sets it.
const msgNotListening = "did not listen on %s within %v (set %s to wait longer). Does it honour -addr?"
