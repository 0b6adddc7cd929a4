package chattest

// What the stage 03 checks say when they fail. Format verbs are filled in
// by the check named next to each group.

// Any check, through its members.
const (
	noteWaiting        = "%s was waiting for %s."
	noteWaitingChat    = `%s was waiting for %s, and skipped %d notices (lines starting with "* ") on the way, as part A's checks do.`
	msgWrongLine       = "%s received the wrong line.\n\n%s"
	msgCouldNotSend    = "%s could not send: %v"
	msgCouldNotConnect = "%s could not connect: %v"
	errCouldNotSend    = "%s could not send: %w"
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
	readNameFreed = "alice asked for bob after bob had become robert, so the name was free again. " +
		"If she was told it is taken, rename (TODO(3)) added the new name without deleting the old one: " +
		"delete(s.clients, old) before s.clients[name] = c."
	noteMsgControl = `alice sent "/msg bob\x00 are you there?" while bob was in the room.`
	msgNoSuchBob   = "%s received %s, though bob is in the room: the name shown in the error was cleaned, " +
		"but the name looked up was not. Look up the name you would show: clean it (no name has a control character) " +
		"before the lookup in private (TODO(4)), and use that one in the error too."
)

// Hostile, slow and numerous clients.
const (
	noteStalling = "dave has read nothing since its welcome, on purpose, while alice sent %d of %d messages of %d bytes " +
		"(bob and carol read every round of %d). " +
		"If bob or carol stopped receiving, or alice could not send, the server was waiting for dave. " +
		"A broadcast must never wait for one client: it queues the line in each client's outbox and moves on."
	noteLagging = "Then dave started reading. So far it got %d messages, the last one %d, and %d \"* missed\" notices."
	// noteLagCutOff is added when dave stopped hearing before the last message.
	noteLagCutOff = "A client that falls behind must still get the newest messages: the lecture's code ends its receive loop " +
		"at the first lag error, which cuts such a client off for good."
	msgLagTwoNotices = "dave received %s right after another notice (of %d), with no message between. A line is dropped " +
		"only when a new one takes its place, so a notice always has a message after it. Notices without messages, " +
		"again and again, come from a count of dropped lines that is never set back to 0 once its notice is taken: " +
		"the outbox then always has something to give, and its writer never waits (TODO(6))."
	noteLagAfterLast = "dave had the last message, and the room was quiet: nothing more was owed to him. A \"* missed\" " +
		"notice with no message after it, again and again, is a count of dropped lines that is never set back to 0 " +
		"once its notice is taken: the outbox then always has something to give, and its writer never waits (TODO(6))."
	msgBadMissed    = `dave received %s; a lagging client should get "* missed <N> messages\n", with N at least 1.`
	msgNotFromAlice = "dave received %s, which alice did not send."
	msgLagOrder     = "dave received message %d after message %d: messages must arrive in the order sent, each once."
	msgLagSilent    = `dave received message %d right after message %d, with no "* missed" notice between. ` +
		"Messages may be dropped for a slow client, but never silently."
	msgLagCount = "dave was told it missed %d messages, but %d of alice's are missing between message %d and message %d. " +
		"The notice must count exactly the lines dropped."
	msgLagNothingMissed = "dave was told it missed %d messages, but none of alice's is missing between message %d and message %d: " +
		"a notice when nothing was dropped repeats an old count, one never set back to 0 once its notice is taken (TODO(6))."
	msgLagKeptAll = "dave received all %d messages (%d MB), though it read nothing while they were sent: " +
		"the server kept every one for it. " +
		"A client's outbox must hold at most -queue lines (%d here) and drop the oldest when full."
	msgLagOverQueue = `after its last "* missed" notice dave received %d messages, more than the -queue of %d: ` +
		"the outbox held more than its limit."

	noteInvalidUTF8 = "Go strings hold any bytes, and the protocol relays a line's bytes as sent, except ASCII control characters: " +
		"bytes from 0x80 up pass unchanged, whether or not they make valid UTF-8."
	msgReplacement = "%s received U+FFFD (the bytes ef bf bd, shown as �) where the sender's bytes were not valid UTF-8.\n\n%s\n\n" +
		"Ranging over a string (for _, r := range s) or strings.Map decodes UTF-8, and turns every invalid byte into U+FFFD. " +
		"clean (TODO(5)) must look at the string byte by byte, not rune by rune, and copy every byte it keeps as it is."

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
	msgReuseJoined = "%s should have been told that %s, connecting from %s, joined, right after the old " +
		"client from that address left.\n\n%s"
	msgReuseNoLeft = "%s received %s where the departure of %s, which had the address %s until it reset, was due. " +
		"Every departure is announced, once, and this one before %s's arrival from the same address: when join " +
		"finds the address already filed, that client has gone and its leave has not run yet, so join announces it " +
		"and takes the entry (TODO(1)); a join that only overwrites the entry leaves the room never told."
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
	readAddrReused = "%s joined from %s, the address and port of a client that had already left in this " +
		"case (the system reuses ports). If your room keys clients by address, the old client's leave can remove " +
		"the newcomer, or its join overwrite a client still there: key the room by name and check, in leave " +
		"(TODO(1)), that the entry is this very client before deleting it."
	readOwnJoin = "%s received %s, the notice of its own arrival: that is for the others. " +
		"join (TODO(1)) must announce with s.broadcastLocked(c, ...), which skips c, before it adds c to s.clients."
	readOwnRename = "%s received %s, the notice of its own rename: it is told \"* you are now <name>\" instead. " +
		"rename (TODO(3)) must announce with s.broadcastLocked(c, ...), which skips c."
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
	readLockLeaked  = "Your server's goroutines are waiting for a lock (%s), and none of them is doing anything " +
		"while holding it: a path that took the lock returned without releasing it, and now nobody can take it. " +
		"Release it on every path, early returns included: s.mu.Lock() followed at once by defer s.mu.Unlock()."
)

// crowd and name-race.
const (
	noteCrowd = "Round %d of %d: bob was sending /who, alice /msg to dave and carol plain lines, in bursts, " +
		"while visitors joined, renamed, sent /msg and /who, and left. " +
		"If this check passes without -race and fails with it, a command reads s.clients without s.mu: " +
		"private and who (TODO(4)) must hold it even though they only read."
	noteWhoBytes = "/who sorts the names byte by byte, as Go's sort.Strings does: an address (digits) comes " +
		"first, then capitals, then lower case, so \"Bob\" comes before \"alice\". A sort that ignores case " +
		"puts them the other way round (who, TODO(4))."
	msgCrowdWho   = "%s received %s: a /who reply must be sorted and list the asker (%s)."
	msgCrowdWrong = "%s received the wrong line: lines from one sender must all arrive, once and in order, " +
		"while others join, rename and leave.\n\n%s"
	msgCrowdUnexpected = "%s received %s, which nobody sent it."

	noteNameRace = "%d clients each sent the same %d /name lines at the same moment, in round %d of %d: " +
		"for each name, one may get it and the others must be told \"error: name taken\", " +
		"until its owner takes the next one and frees it."
	msgNameRaceTwice = "%s received %s while %s was still held, as it had been told before by %s. " +
		"Two clients asked for that name at the same moment, and both got it. " +
		"rename (TODO(3)) must check that the name is free and take it in one critical section: " +
		"if it lets s.mu go between the check and the change (to broadcast, say), two clients pass the check together."
	msgNameRaceLine = "%s received %s while waiting for the answers to its /name lines."
)

// full-outbox and busy-welcome.
const (
	noteFull    = "Both rooms have %d clients that read nothing; one has -queue 100, the other -queue %d. Phase: %s."
	msgFullSlow = "with %d clients that never read, the room with -queue %d took %.1f times as long to relay %d lines " +
		"as the room with -queue 100 (%v against %v; at most %d times is fine). " +
		"Every line said pushes into each stalled client's full outbox, under s.mu: if dropping the oldest line moves " +
		"all the others (slices.Delete(lines, 0, 1), or copy(lines, lines[1:])), a push costs " +
		"-queue copies, and everyone waits for them. " +
		"push (TODO(6)) must drop the oldest line in the same few steps whatever -queue is: overwrite its slot in the ring " +
		"and move head on, as broadcast::channel does."
	noteBusyWelcome   = "%d of %d newcomers got the welcome first; each connected just after alice sent %d lines, with -queue %d."
	msgWelcomeDropped = "%s's first line was %s, not the welcome. The welcome was queued like any room line, and " +
		"more than -queue (%d) lines arrived before the newcomer's writer first ran: the oldest line, the welcome, was dropped. " +
		"join (TODO(1)) must greet with c.greet(Welcome), which keeps the welcome outside the lines push may drop, " +
		"not with c.send."
)
