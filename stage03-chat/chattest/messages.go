package chattest

// What the stage 03 checks say when they fail. Format verbs are filled in
// by the check named next to each group.

// Any check, through its members.
const (
	noteWaiting     = "%s was waiting for %s."
	noteWaitingChat = `%s was waiting for %s (lines starting with "* " are skipped here).`
	msgWrongLine    = "%s received the wrong line.\n\n%s"
	msgCouldNotSend = "%s could not send: %v"
	errCouldNotSend = "%s could not send: %w"
)

// Numbered messages: order, scale, churn.
const (
	msgNotSent       = "%s received %s, which is not a message any client sent here."
	msgOwnMessage    = "%s received its own message %s back. The broadcast must skip the sender."
	msgUnknownSender = "%s received %s, but no client with the address %s has sent anything."
	msgTwice         = "%s received message %d from %s twice, or out of order: it had already received up to %d."
	msgSkipped       = "%s received message %d from %s, but the next from that sender should have been %d. " +
		"Messages from one sender must all arrive, in the order sent."
)

// Part A.
const (
	noteWelcome = "The welcome is a client's first line. " +
		"In the starter, join (TODO(1)) queues it while adding the client to the room."
	noteAddresses = "Each client is named by its address as the server sees it (conn.RemoteAddr()): " +
		"alice is %s, bob %s, carol %s."
	msgOwnLine = "alice received her own line back. " +
		"A broadcast goes to every client except the sender (in the lecture: if sender_addr != addr)."
)

// Part B.
const (
	noteMsgPrivate = "After the private message, carol's next line should be alice's public one: " +
		"nobody but bob may see a private message."
	msgSecretLogged = "the server's log contains the text of alice's private message to bob. " +
		"Log who sent a message to whom if you like, never what it says."
)

// Hostile, slow and numerous clients.
const (
	noteStalling = "dave has read nothing since its welcome, on purpose, while alice sent %d of %d messages of %d bytes " +
		"(bob and carol read every round of %d). " +
		"If bob or carol stopped receiving, or alice could not send, the server was waiting for dave. " +
		"A broadcast must never wait for one client: it queues the line in each client's outbox and moves on."
	noteLagging = "Then dave started reading. So far it got %d messages, the last one %d, and %d \"* missed\" notices. " +
		"A client that falls behind must still get the newest messages: the lecture's code ends its receive loop " +
		"at the first lag error, which cuts such a client off for good."
	msgBadMissed    = `dave received %s; a lagging client should get "* missed <N> messages\n", with N at least 1.`
	msgNotFromAlice = "dave received %s, which alice did not send."
	msgLagOrder     = "dave received message %d after message %d: messages must arrive in the order sent, each once."
	msgLagSilent    = `dave received message %d right after message %d, with no "* missed" notice between. ` +
		"Messages may be dropped for a slow client, but never silently."
	msgLagCount = "dave was told it missed %d messages, but %d of alice's are missing between message %d and message %d. " +
		"The notice must count exactly the lines dropped."
	msgLagKeptAll = "dave received all %d messages (%d MB), though it read nothing while they were sent: " +
		"the server kept every one for it. " +
		"A client's outbox must hold at most -queue lines (%d here) and drop the oldest when full."
	msgLagOverQueue = `after its last "* missed" notice dave received %d messages, more than the -queue of %d: ` +
		"the outbox held more than its limit."

	msgNotLeft   = "%s received %s, but %s has not left."
	noteChurnWho = "If /who lists a visitor who has left, leave (TODO(1)) did not delete them from s.clients; " +
		"if the names are right but the line is not, look at who (TODO(4))."
)

// long-line-prompt and address-reuse.
const (
	notePrompt = "alice sent %d bytes and no newline yet, on purpose, with -max-line %d. " +
		"The error must come as soon as a line is longer than the limit, not when (if ever) its newline arrives: " +
		"a client that never ends its line would otherwise never be told."

	eventReuse = "connected from %s, the address and port that %s had until it reset"
	skipReuse  = "in %d attempts this machine never let a new client bind the port a reset client had just used " +
		"(last: %v), so address reuse cannot be tried here"
	msgReuseDial   = "%s could not connect from %s: %v"
	msgReuseJoined = "%s should have been told that %s, connecting from %s, joined " +
		"(after the old client from that address left, if that came first).\n\n%s"
	msgReuseFalseLeft = "%s received %s after %s joined from that address, though %s is still here. " +
		"That departure is %s's, the client that had the address until it reset: its leave ran after the newcomer's join " +
		"and took out the entry filed under that address, which by then was the newcomer's. " +
		"leave must remove only its own client (compare the clients, not their names), " +
		"and join must not overwrite another client's entry."
	noteReuse = "%s connected from the address and port that %s had until it reset. " +
		"The kernel lets a new connection reuse them only once the old one is over, but the server may not have run " +
		"the old client's leave yet. If the newcomer is missing from the room, or the others are told it left, that leave " +
		"took out the newcomer's entry: leave must delete only its own client (s.clients[c.name] == c), and join must not " +
		"overwrite another client's entry."
	msgReuseLateLeft = "%s received %s, though that address's newcomer had already left and been announced. " +
		"That is the leave of %s, the reset client that had the address before it, running late: " +
		"it took out the newcomer's entry, filed under the same address, and announced a departure. " +
		"leave must remove and announce only its own client (compare the clients, not their names)."
	noteReuseSilence = "All tries were done; the last reset client's leave may still have been on its way, " +
		"and it must announce nothing: the newcomer that had its address has already been announced as gone."
)

// Readings of a diagnosed symptom: what the traffic shows, and where that
// mistake usually is. The report prints one before its notes.
const (
	readNotWritten = "%s received %s: the server's own code says that TODO(%d) is not written yet, " +
		"and this check needs it on the way."
	readSenderEcho = "%s received its own line back (%s). " +
		"broadcastLocked (TODO(2)) sends a line to every client in the room, the sender included: " +
		"it must skip the client the line came from (c != from)."
	readNameHeld = "%s asked for %s, the name of a client that has left, and was told it is taken: " +
		"the departed client is still in s.clients. leave (TODO(1)) must delete it, under its current name (c.name), " +
		"while holding s.mu."
	readListed = "%s has left, but the /who that %s received still lists it: it is still in s.clients. " +
		"leave (TODO(1)) must delete it, under its current name (c.name), while holding s.mu."
	readWriteUnderLock = "a goroutine of your server is blocked (%s) writing to a client's connection, %s. " +
		"%s runs while s.mu is held, so the write happened while s.mu was held: one client that stops reading " +
		"stops the whole room. " +
		"broadcastLocked (TODO(2)) must only queue the line (c.send); each client's writer goroutine does the writing."
	readLockWaiters = "%d more of your server's goroutines are waiting for a lock."
)
