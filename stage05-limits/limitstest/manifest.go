package limitstest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/run"
)

// The mistakes the checks recognise from what the server did; HINTS.md
// has a section "## symptom: <id>" for each.
const (
	symptomRejectedServed = "rejected-then-served" // a client told "busy" was served anyway
	symptomReleasedAtOnce = "released-at-once"     // a slot comes back before its handler ends
	symptomCtxErr         = "ctx-err-returned"     // Serve returns ctx's error after a shutdown
	symptomPanicNotLogged = "panic-not-logged"     // a recovered panic leaves no log line
)

// Manifest is stage 05 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Limits",
		File: "stage05-limits/limits.go",
		Todos: map[int]string{
			1: "the reject policy: never more than -max-conns handlers; a client over the limit hears Busy and is closed",
			2: "serveConn: the slot comes back exactly once, whichever way the handler ends",
			3: "serveConn: a panicking handler is logged with its stack and ends only its own connection",
			4: "the wait policy: a client over the limit waits unaccepted, and a cancelled wait ends the loop",
			5: "Accept errors: ride out temporary ones with a growing pause, return the others",
		},
		ServeTodo: 5,
		Symptoms:  []string{symptomRejectedServed, symptomReleasedAtOnce, symptomCtxErr, symptomPanicNotLogged},
	},
	Number: 5,
	// Stage 05's TODOs ask in three lines, never dictate: the recipe is in HINTS.md.
	Guidance: check.Guidance{MaxLines: 3, Plain: true},
	Dir:      "stage05-limits",
	Test:     "TestLimits",
	Commands: []check.Command{{
		Name:  "limits",
		Flags: []run.Flag{MaxConnsFlag, PolicyFlag, MaxLineFlag, IdleFlag, DrainFlag},
	}},
	// The corpus of mistakes: each is a small change to the reference in
	// solutions/stage05-limits/mutants, with the check that catches it and
	// the TODO its report must point at (none for a mistake in code that
	// came written).
	Mutants: []check.Mutant{
		{Name: "silent-reject", Check: "reject", Todo: 1},
		{Name: "no-release-on-error", Check: "free-on-error", Todo: 2},
		{Name: "no-release-on-panic", Check: "free-on-panic", Todo: 2},
		{Name: "no-recover", Check: "panic-contained", Todo: 3},
		{Name: "wait-rejects", Check: "wait", Todo: 4},
		{Name: "acquire-after-accept", Check: "wait-before-accept", Todo: 4},
		{Name: "wait-ignores-cancel", Check: "wait-stop", Todo: 4},
		{Name: "exit-on-temporary", Check: "accept-temporary", Todo: 5},
		{Name: "exit-out-of-files", Check: "out-of-files", Todo: 5},
		{Name: "spin", Check: "accept-backoff", Todo: 5},
		{Name: "no-backoff-reset", Check: "accept-backoff", Todo: 5},
		{Name: "retry-everything", Check: "accept-permanent", Todo: 5},
		{Name: "watcher-leak", Check: "goroutines", Todo: 2},
		{Name: "no-idle", Check: "idle"},
		{Name: "closed-is-error", Check: "serve-returns", Says: "net.ErrClosed", Todo: 5},
		{Name: "canceled-is-error", Check: "shutdown", Says: "not ctx.Err()", Todo: 5},
		{Name: "no-write-deadline", Check: "stalled-reader", Todo: 2, Says: "lines.go"},
		{Name: "never-rejects", Check: "reject", Todo: 1},
		{Name: "sleep-ignores-ctx", Check: "accept-backoff", Todo: 5, Says: "time.Sleep"},
		{Name: "reject-only-named", Check: "reject-default", Todo: 1},
		{Name: "release-twice", Check: "free-on-close", Todo: 2},
		{Name: "wait-keeps-failed-slot", Check: "wait-accept-errors", Todo: 4, Says: "give the slot back"},
	},
	// Stage 04's reference is split so that stage 05 carries three of its
	// files; CI compares each pair, ignoring the package clause.
	Carried: []check.Carried{
		{From: "solutions/stage04-shutdown/lines.go", To: "stage05-limits/lines.go"},
		{From: "solutions/stage04-shutdown/linereader.go", To: "stage05-limits/linereader.go"},
		{From: "solutions/stage04-shutdown/drain.go", To: "stage05-limits/shutdown.go"},
		{From: "solutions/stage05-limits/lines.go", To: "stage05-limits/lines.go"},
		{From: "solutions/stage05-limits/linereader.go", To: "stage05-limits/linereader.go"},
		{From: "solutions/stage05-limits/shutdown.go", To: "stage05-limits/shutdown.go"},
	},
	Reference: "The limit is a buffered channel used as a semaphore, and isTemporary" +
		" names the errnos (EMFILE, ENFILE, ECONNABORTED…) for errors.Is " +
		"instead of asking the deprecated Temporary method.",
}
