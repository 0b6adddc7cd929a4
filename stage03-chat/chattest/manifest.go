package chattest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/run"
)

// The mistakes recognised from what the clients received, whichever check
// was running (see diagnose.go). Each points the report at the TODO that
// holds the mistake; HINTS.md has a section "## symptom: <id>" for each.
const (
	symptomSenderEcho     = "sender-echo"      // a client got its own line back
	symptomDepartedStays  = "departed-present" // a client that left is still in the room
	symptomNotWritten     = "not-written"      // the server said a TODO is not written yet
	symptomWriteUnderLock = "write-under-lock" // a handler writes to a client while holding s.mu
	symptomOwnNotice      = "own-notice"       // a client was told of its own arrival or rename
	symptomAddrReused     = "address-reused"   // a client joined from the address and port of one that left
	symptomOldNameKept    = "old-name-kept"    // a name given up with /name is still taken
)

// Manifest is stage 03 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Chat",
		File: "stage03-chat/chat.go",
		Todos: map[int]string{
			1: "the room: join (the welcome, never dropped; the others told) and leave (only c's own entry), under the room's lock",
			2: "the broadcast: every client but the sender gets the line, and nothing waits while the room is locked",
			3: "/name: a valid name, free, taken in the same locked step that saw it free, and announced",
			4: "/msg to one client by name and /who, sorted; even a lookup holds the room's lock",
			5: "clean: control characters out, except tab; every other byte as it came",
			6: "the outbox, your design: at most -queue lines, the oldest dropped and counted, a full one as cheap as an empty one",
		},
		Symptoms: []string{symptomSenderEcho, symptomOwnNotice, symptomDepartedStays, symptomAddrReused,
			symptomNotWritten, symptomWriteUnderLock, symptomOldNameKept},
	},
	Number: 3,
	// Each TODO asks for a goal and its constraints in at most five lines; the steps are in HINTS.md.
	Guidance: check.Guidance{MaxLines: 5, Plain: true},
	Dir:      "stage03-chat",
	Test:     "TestChat",
	Commands: []check.Command{{
		Name:   "chat",
		Server: "",
		Flags:  []run.Flag{MaxLineFlag, QueueFlag},
	}},
	// Each mutant is one realistic mistake (solutions/stage03-chat/mutants),
	// the check that catches it, and the TODO its report must point at.
	Mutants: []check.Mutant{
		{Name: "echo", Check: "ChatA/no-echo", Todo: 2, Says: "received its own line back"},
		{Name: "blocking-send", Check: "ChatRobust/slow-reader", Todo: 6},
		{Name: "unbounded", Check: "ChatRobust/lagging-reader", Todo: 6},
		{Name: "lag-ends-client", Check: "ChatRobust/lagging-reader", Todo: 6},
		{Name: "no-strip", Check: "ChatRobust/control-chars", Todo: 5},
		{Name: "duplicate-names", Check: "ChatB/name-taken", Todo: 3},
		{Name: "private-leak", Check: "ChatB/msg", Todo: 4},
		{Name: "addr-keyed", Check: "ChatRobust/address-reuse", Todo: 1},
		{Name: "late-long-line", Check: "ChatRobust/long-line-prompt", Todo: 2},
		{Name: "leave-keeps-client", Check: "ChatB/name-taken", Todo: 1, Says: "still in s.clients"},
		{Name: "write-under-lock", Check: "ChatRobust/slow-reader", Todo: 2, Says: "while s.mu was held"},
		{Name: "rename-check-then-act", Check: "ChatRobust/name-race", Todo: 3, Says: "and both got it"},
		{Name: "clean-runes", Check: "ChatRobust/invalid-utf8", Todo: 5, Says: "U+FFFD"},
		{Name: "copying-outbox", Check: "ChatRobust/full-outbox", Todo: 6, Says: "times as long"},
		{Name: "missed-kept", Check: "ChatRobust/lagging-reader", Todo: 6, Says: "never set back to 0"},
		{Name: "silent-overwrite", Check: "ChatRobust/address-reuse", Todo: 1, Says: "was due"},
		{Name: "who-ignores-case", Check: "ChatB/who", Todo: 4, Says: "byte by byte"},
		{Name: "droppable-welcome", Check: "ChatRobust/busy-welcome", Todo: 1, Says: "not the welcome"},
		{Name: "rename-keeps-old", Check: "ChatB/name", Todo: 3, Says: "without deleting the old one"},
		{Name: "unclean-lookup", Check: "ChatB/msg-unknown", Todo: 4, Says: "though bob is in the room"},
		// Caught only by the race detector: an unguarded map, a broadcast
		// that walks the map without the lock, and /msg and /who reading
		// it without the lock.
		{Name: "no-lock", Check: "ChatRobust/churn", Todo: 1, Race: true},
		{Name: "racy-broadcast", Check: "ChatRobust/churn", Todo: 2, Race: true},
		{Name: "unlocked-msg", Check: "ChatRobust/crowd", Todo: 4, Race: true},
		{Name: "unlocked-who", Check: "ChatRobust/crowd", Todo: 4, Race: true},
	},
	Carried: []check.Carried{
		{From: "solutions/stage03-chat/lines.go", To: "stage03-chat/lines.go"},
		{From: "solutions/stage03-chat/lines.go", To: "solutions/stage03-chat/mutants/lines.go"},
	},
	Reference: "Each outbox is a ring under a mutex plus a one-token wake-up " +
		"channel, not a buffered channel: push never blocks, and drops the oldest" +
		" line by overwriting its slot, in the same few steps whatever -queue is.",
}
