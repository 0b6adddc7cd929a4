package perftest

// The texts of the suite's failure reports, kept out of the checks so that
// each reads as prose. Those with verbs are formats for c.Failf; the
// comment above each says what fills them.

// msgPutTooEarly explains wrong bytes in an echo of this stage's server.
const msgPutTooEarly = "The echo holds \"POOLPOOL...\": the check's pool " +
	"fills every buffer it takes back with those bytes, so a buffer went back " +
	"to the pool before its Write returned: in echo (TODO(1)) or, once " +
	"reading and writing are split, in the reader or the writer (TODO(4)). " +
	"Put each buffer back only once the Write of its bytes has returned."

// msgNoGet: the server never borrowed from the check's Pool, so the check
// cannot see its buffers.
const msgNoGet = "the server never called Get on the Pool in its options, " +
	"so this check cannot see its buffers. Borrow each read buffer from " +
	"s.pool() first."

// msgPoolNeverUsed: pool, after three clients were echoed.
const msgPoolNeverUsed = "three clients were echoed, but the server never " +
	"called Get on the Pool in its options (Config.Pool, Server.Pool). Every " +
	"read buffer should come from s.pool(), so that a connection holds one " +
	"only while it uses it."

// msgNotReturned: pool; buffers still out, buffers borrowed.
const msgNotReturned = "all three clients have left, but %d of the %d " +
	"buffers the server borrowed were never given back with Put. Put each " +
	"buffer back once the write of its bytes has returned, and on the paths " +
	"that return early too (a read of 0 bytes, an error). Once the reader " +
	"writes inline (TODO(5)), that includes a chunk it wrote whole."

// msgPoolProblem: what the check's Pool saw wrong.
const msgPoolProblem = "the Pool saw a mistake: %s"

// readingPutTwice. %s: the place of the second Put.
const readingPutTwice = "a buffer went back to the pool a second time here: %s. Look for the other Put on " +
	"the same way out: typically an error path that puts the buffer back and then falls through to a Put " +
	"(or a deferred one) that runs anyway. Between the two, another connection may have borrowed the " +
	"buffer, and both then use it."

// msgPutUnborrowed is what the check's Pool records for a bad Put.
const msgPutUnborrowed = "Put was given a buffer that was not borrowed at " +
	"that moment: the same buffer went back twice, or a buffer that never " +
	"came from Get went in."

// msgPoison explains the check's poisoned buffers.
const msgPoison = "the check's Pool fills every buffer it takes back with " +
	"\"POOLPOOL...\". If those bytes reached a client, the server wrote a " +
	"buffer after putting it back: Put it only once the Write of its bytes " +
	"has returned."

// msgIdleHolds: idle; idle connections, buffers out.
const msgIdleHolds = "%d connections sit idle, yet %d buffers are still " +
	"borrowed from the Pool. A connection that waits in conn.Read holds its " +
	"buffer the whole time: with 10,000 quiet clients that is 10,000 " +
	"buffers doing nothing. Borrow a buffer only for a read that cannot " +
	"block, and give it back before the goroutine waits."

// msgNagleOn: nodelay.
const msgNagleOn = "the server's side of alice's connection still has " +
	"Nagle's algorithm on (TCP_NODELAY is off). The listener in this check " +
	"hands over connections with it on, as Node.js does by default, so " +
	"relying on Go's default is not enough: call SetNoDelay(true) on the " +
	"*net.TCPConn."

// msgNeverAccepted: nodelay, when the accepted connection never arrived.
const msgNeverAccepted = "the server's accepted connection never reached the check"

// msgPushed: a note; what alice wrote, the buffers out.
const msgPushed = "alice wrote %s without reading; the server's buffers out of the pool: %d."

// msgOneBuffer: split; the queue size asked for.
const msgOneBuffer = "alice kept writing without reading, yet the server " +
	"never held more than one buffer: it reads a chunk, then blocks " +
	"writing it back, and reads nothing more meanwhile. Give each " +
	"connection a reader goroutine and a writer goroutine joined by a " +
	"channel of s.queue() buffers (Queue is %d here), so that reading runs " +
	"ahead of writing."

// msgQueueShort: split; buffers out, the queue size twice.
const msgQueueShort = "alice kept writing without reading, and the server " +
	"held only %d buffers. With Queue = %d, the reader should fill the " +
	"channel with %d buffers while the writer is stuck."

// msgQueueUnbounded: split; the queue size, buffers out.
const msgQueueUnbounded = "with Queue = %d, the server held %d buffers " +
	"for alice. At most Queue in the channel, one in the writer's Write and " +
	"one in the reader's hand: the queue is not bounded by Queue."

// msgNeverFull: abandon, when the queue never filled; what alice wrote,
// buffers out.
const msgNeverFull = "alice wrote %s without reading and her writes " +
	"stalled, but only %d buffers were out of the pool: the server's queue " +
	"never filled, so this check cannot go on. split checks the same " +
	"thing more closely: if it passes, the queue fills sometimes and not " +
	"always, which a reader that waits on a write of its own does."

// msgNeverStalled: abandon, when alice's writes never stalled; what she
// wrote.
const msgNeverStalled = "alice wrote %s without reading, and her writes " +
	"never stalled, so the server's queue cannot be shown full. Make " +
	"backpressure pass first."

// msgAbandoned: abandon; buffers out before the reset, the wait, buffers
// still out.
const msgAbandoned = "alice filled the server's queue without reading " +
	"(%d buffers out), then reset her connection. %v later the server still " +
	"holds %d of the pool's buffers: the reader is stuck sending on a full " +
	"channel that nobody empties, and its goroutine and buffers are lost " +
	"for good, or a buffer was never put back on some path. After a failed " +
	"Write, the writer must close conn and keep receiving (and putting " +
	"back) until the count of chunks in flight reaches 0 or the end " +
	"marker arrives."

// msgWritesFailed: backpressure; what alice wrote, the error.
const msgWritesFailed = "alice's writes failed after %s: %v. The server " +
	"should stop reading from a client that does not read its echo, not " +
	"close the connection."

// msgNoBackpressure: backpressure; what alice wrote.
const msgNoBackpressure = "alice wrote %s and never read a byte, and her " +
	"writes never stalled. Kernel buffers and a queue of 8 chunks hold far " +
	"less: the server keeps reading and buffering what it cannot send, so " +
	"its memory grows with every client that stops reading. Make the queue " +
	"between reader and writer a channel with capacity s.queue(); a full " +
	"channel should block the reader."

// msgRoundTripFailed: allocs; the error.
const msgRoundTripFailed = "a round trip failed while allocations were being counted: %v"

// msgAllocates: allocs; allocations per message.
const msgAllocates = "echoing one 64-byte message made %.0f allocation%s. " +
	"At 100,000 messages a second that is garbage the collector must chase. " +
	"Usual causes: a sync.Pool of []byte rather than *[]byte (putting a " +
	"slice into an interface allocates), copying each chunk " +
	"(append([]byte(nil), buf[:n]...)) before queueing it (TODO(4)), a " +
	"closure made for every read in chunks (TODO(2): make it once per " +
	"connection), the same for the raw.Write callback (TODO(5)), or a log " +
	"line per message."

// msgCannotConnect: thousand; the client, how many, the error.
const msgCannotConnect = "client %d of %d could not connect: %v. \"too " +
	"many open files\" means a file limit is too low or connections are " +
	"leaking."

// msgCannotSend: thousand; the client, the error.
const msgCannotSend = "client %04d could not send: %v"

// msgNoEcho: thousand; how many clients, the client, why, how many had
// theirs.
const msgNoEcho = "with %d clients connected, client %04d did not get its " +
	"echo: %s; %s. Every connection needs its own goroutines for as long as " +
	"it is open: a fixed number of workers, a semaphore, or a lock held " +
	"while one connection waits leaves the rest unserved."

// msgWrongEcho: thousand; the client, what came, what was sent.
const msgWrongEcho = "client %04d received %q, want %q"

// msgOutOfFilesNote is a note on every out-of-files failure.
const msgOutOfFilesNote = "This check ran the server out of file " +
	"descriptors: every connection holds one, so a busy server meets " +
	"EMFILE (too many open files) sooner or later, and Accept fails while " +
	"the client waits in the kernel's backlog. The accept loop in accept.go " +
	"comes written for you, as stage 05 taught it: on EMFILE, ENFILE, " +
	"ENOBUFS, ENOMEM or ECONNABORTED it pauses 5 ms, doubling up to 1 s, and " +
	"tries again. If you changed it, compare it with stage 05's."

// msgExitOnEMFILE: out-of-files; what Serve returned.
const msgExitOnEMFILE = "Accept failed with EMFILE (too many open files) " +
	"and Serve returned %s. Running out of file descriptors is a reason to " +
	"wait a little and try again, not to stop serving: as a command, the " +
	"server would exit and drop every client it had."

// msgStoppedAccepting: out-of-files; the calls made, the failures.
const msgStoppedAccepting = "Serve called Accept %d times, and only the " +
	"first %d were to fail, yet it never called it again: after a temporary " +
	"error it should pause, then go back to Accept."

// msgSpins: out-of-files; the failures, how long the retries took.
const msgSpins = "Serve went through %d EMFILE failures of Accept in %v: " +
	"it retried without pausing. A loop like that spins a CPU at 100%% for " +
	"as long as descriptors are short; pause 5 ms after the first failure, " +
	"twice as long after each next one, up to 1 s."

// msgFloodDial: out-of-files; the connection, how many, the error.
const msgFloodDial = "connection %d of the flood of %d could not connect: " +
	"%v. \"connection refused\" means nothing listens on the port any more: " +
	"the server stopped, most likely when Accept failed with EMFILE and " +
	"Serve returned the error."

// msgIdleGoroutines: idle-goroutines; the clients, the goroutines, the
// goroutines per client.
const msgIdleGoroutines = "%d clients sit idle, and the server holds %d " +
	"goroutines for them, %.2f per connection. A goroutine that waits keeps " +
	"its stack, 8 KiB once it has done some work: a writer parked on an " +
	"empty channel for every quiet client is half the memory of 10,000 idle " +
	"connections. Start the writer when the reader queues a chunk and " +
	"nothing is in flight, and let it return once the count of chunks in " +
	"flight is back to 0."

// msgGoroutinePerMessage: inline; the round trips, the goroutines started,
// the goroutines per message.
const msgGoroutinePerMessage = "%d round trips of 64 bytes, one at a time, " +
	"started %d goroutines in this process, %.2f per message. While " +
	"the client keeps up, nothing waits in the queue, so a writer goroutine " +
	"per chunk buys nothing and costs a goroutine start and two hand-overs " +
	"on every message. When the count of chunks in flight is 0, write the " +
	"chunk from the reader itself with a write that cannot block, and " +
	"queue only what the kernel did not take."

// msgCatchUpOrder: catch-up, once the queue had filled; how much alice sent.
const msgCatchUpOrder = "alice sent %s, reading 1 MiB of her echo at a " +
	"time and then nothing until the server had filled its queue again. " +
	"Bytes that come back out of order, twice or not at all come from the " +
	"hand-over between writing inline and queueing (TODO(5)): write inline " +
	"only while the count of chunks in flight is 0, since a writer still " +
	"has queued chunks to send before it; when a write is cut short, queue " +
	"the chunk with the count of bytes already sent, so that the writer " +
	"sends only the rest, and set that count back to 0 once it has. One " +
	"more cause is the writer's (TODO(4)): a buffer put back before its " +
	"Write returned, whose bytes the next read overwrites. And if the echo " +
	"stops short after alice half-closed, the connection was closed while " +
	"chunks still waited in the queue: at EOF, whenever the count is not " +
	"0, queue the end marker and wait for done before returning."

// msgCatchUpNeverQueued: catch-up, when the queue never filled.
const msgCatchUpNeverQueued = "alice stopped reading, but within a second " +
	"the server had not filled its queue with her echo."

// msgInlineRoundTrip: inline; what went wrong.
const msgInlineRoundTrip = "alice's round trips of 64 bytes failed, %v."

// readingHandOver is the symptom of streams' wrong bytes from a server
// that writes inline.
const readingHandOver = "This server writes each echo from its reader " +
	"while nothing is queued (TODO(5)), and a stream that came back out of " +
	"order or with bytes twice usually went wrong in the hand-over: an " +
	"inline write while chunks still wait in the queue, or a writer that " +
	"sends a cut-short chunk whole."

// readingInlineBlocks is the symptom of a reader that stopped before the
// queue was full, in a server that writes inline.
const readingInlineBlocks = "This server writes each echo from its reader " +
	"while nothing is queued (TODO(5)), and its reader stopped reading long " +
	"before the queue was full: an inline write waited for alice to read. " +
	"The reader must never wait on a write. Write inline only when the count " +
	"of chunks in flight is 0 (a writer blocked in conn.Write holds the " +
	"connection's write side, and anything else that writes waits behind " +
	"it), and with one non-blocking attempt: raw.Write with a function that " +
	"calls writeNow once and returns true whatever it wrote, never conn.Write."

// msgMaybeInlineBlocks: split, when the server started no goroutine: it
// has TODO(4) to do, or writes inline with a write that can block.
const msgMaybeInlineBlocks = "if you have done TODO(4) and TODO(5) " +
	"already, the reader never handed a chunk to a writer: its own write " +
	"waited for alice instead. The inline write of TODO(5) must not block: " +
	"raw.Write with a function that calls writeNow once and returns true, " +
	"whatever it wrote, never conn.Write."

// msgParkedOnEAGAIN: eagain, when the write function returned false.
const msgParkedOnEAGAIN = "the server's raw.Write function returned false " +
	"when the socket was full (EAGAIN). RawConn.Write then parks the " +
	"goroutine until the client reads, and that goroutine is the reader: " +
	"it stops reading, and the queue of TODO(4) is never used. Return true " +
	"whatever writeNow did, take EAGAIN as \"the kernel took nothing\" " +
	"(n is -1 then: count 0) and queue the whole chunk."

// msgNoRawWrite: eagain, when the server never wrote through RawConn.
const msgNoRawWrite = "alice's %d messages were echoed, but the server " +
	"never wrote through RawConn.Write, so this check could not show it a " +
	"full socket. Write inline with raw.Write (TODO(5))."

// msgEOFQueued: eof-queued, shown with a wrong or short echo.
const msgEOFQueued = "alice sent more than the kernel's buffers hold, " +
	"half-closed, and read nothing until the server had read it all and " +
	"gone quiet; by then chunks were waiting in its queue. An echo that " +
	"stops short means the connection was closed before the writer had " +
	"sent them: at EOF, whenever the count of chunks in flight is not 0, " +
	"queue the end marker and wait for done before returning (TODO(4) and " +
	"TODO(5))."

// msgEAGAINNotFailure: eagain, shown with a wrong or missing echo.
const msgEAGAINNotFailure = "every other inline write found the socket " +
	"full: writeNow failed with EAGAIN and returned n = -1. That is no " +
	"failure, only a socket with no room yet: the kernel took nothing, so " +
	"queue the whole chunk (sent = 0) for the writer. An echo that stops " +
	"or comes back wrong here usually means EAGAIN was taken for a failed " +
	"write (the connection closed), or n = -1 for a count of bytes sent."

// msgCatchUpWindow: catch-up; where in alice's stream the compared slice
// starts and ends.
const msgCatchUpWindow = "the comparison above is of alice's bytes %d " +
	"to %d: its byte offsets count from the first of them."

// msgResetKept: reset-returns; buffers still out.
const msgResetKept = "alice and bob reset their connections, and %d buffers were never given back. A read that " +
	"fails (\"connection reset by peer\") must Put its buffer back like one that succeeds: every way out of " +
	"the code that borrowed it."
