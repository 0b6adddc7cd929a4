package echocheck

// What a failing check says, beyond what the kit's report shows on its
// own. Each is a format for Failf; the arguments are in the order used.

// serve-returns
const (
	msgStillRunning = "Serve was still running %v after its listener was closed. " +
		"When Accept fails with net.ErrClosed, the loop should end."
	msgClosedIsError = "Serve returned %q after its listener was closed. " +
		"That is the normal way to stop a server, so return nil: test for it with errors.Is(err, net.ErrClosed)."
)

// What each symptom says the traffic shows.
const (
	readingNoEcho = "a fresh client sent a line and the server closed the connection without echoing a byte. " +
		"Connections are accepted and handed to their handlers (the accept loop works), but the echo returns at once: " +
		"whatever this check is about, the bytes stop in the code that echoes."

	// Echo/binary: the echo came back short, or with bytes it should not
	// hold.
	readingShort = "the echo came back right but stopped after %d of %d bytes, and nothing more arrived. " +
		"The bytes stop in the loop that echoes: it reads once and stops, or waits for something that never " +
		"comes, such as a \"\\n\" (1 MiB of random bytes has few, and a bufio.Scanner gives up on a " +
		"long line), or all of the input before it answers."
	readingExtra = "from byte %d on, the echo is not what alice sent: bytes were added, dropped or changed. " +
		"Either more than the new bytes went back after a read that filled only part of the buffer " +
		"(buf instead of buf[:n]), or the bytes were handled as text (lines, a Scanner that drops a " +
		"\"\\r\" before \"\\n\")."

	readingAdded = "alice's first line came back whole, and then more: the bytes before her second line were never sent. " +
		"The echo writes something besides what Read returned: a newline of its own (fmt.Fprintln), the " +
		"whole buffer instead of buf[:n], or text it formats around the bytes."

	// A connection closed under its handler, by the accept loop.
	readingClosedUnder = "the handler's Read failed with \"use of closed network connection\": the server's " +
		"own side of the connection was closed under it, by other code than the handler. Usually that is the " +
		"accept loop closing each connection after starting its goroutine (go s.handle(conn), then " +
		"conn.Close(), or a defer in the loop): only the handler may close its connection, when it is done."

	readingDied = "the server stopped right after alice reset her connection: one client's error ended the whole server. " +
		"That error belongs to alice alone: echo returns it, handle logs it, and Serve goes on accepting. " +
		"Never log.Fatal, os.Exit or panic on a connection's error."
)

// noteWholeEchoNoEOF is said when the echo came back whole but the
// connection stayed open: two places can hold that mistake.
const noteWholeEchoNoEOF = "alice got her whole echo back, so reading and writing work. " +
	"The connection closes when handle's deferred conn.Close() runs, once echo returns: " +
	"either the echo goes on after Read reports io.EOF, " +
	"or handle no longer closes conn on every way out (its defer conn.Close())."

// readingReadSpins: half-close, when the server spins at the end of the
// stream.
const readingReadSpins = "the client has finished sending, and a goroutine of your server is running round a loop instead of " +
	"waiting or returning: at the end of the stream a read returns at once with nothing, every time. Something on " +
	"the read path does not report the end as io.EOF (a raw read(2) reports it as 0 bytes and no error), or a " +
	"loop goes round again after it."
