package shutdowntest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/run"
)

// symptomWakeUndone is diagnosed when a reply being written at the
// shutdown arrived whole but no goodbye followed in time. HINTS.md has a
// section "## symptom: wake-undone".
const symptomWakeUndone = "wake-undone"

// Manifest is stage 04 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Shutdown",
		File: "stage04-shutdown/shutdown.go",
		Todos: map[int]string{
			1: "Serve: close the listener when ctx is cancelled, so that new dials are refused",
			2: "converse and farewell: wake a handler blocked in Read when ctx is cancelled, and say goodbye",
			3: "drain: wait for every handler to return",
			4: "drain: after the drain timeout, close the connections left and say how many",
			5: "converse and farewell: the idle timeout; a silent client is dropped, and a reply nobody reads gives up",
		},
		ServeTodo: 1,
		Symptoms:  []string{symptomWakeUndone},
	},
	Number: 4,
	// Each TODO asks for a goal in at most three lines; the steps are in HINTS.md.
	Guidance: check.Guidance{MaxLines: 3, Plain: true},
	Dir:      "stage04-shutdown",
	Test:     "TestShutdown",
	Commands: []check.Command{{
		Name:  "shutdown",
		Flags: []run.Flag{MaxLineFlag, IdleFlag, DrainFlag},
	}},
	// The corpus of mistakes: each is a small change to the reference in
	// solutions/stage04-shutdown/mutants, with the check that catches it and
	// the TODO its report must point at.
	Mutants: []check.Mutant{
		{Name: "keeps-connections", Check: "goodbye", Todo: 2},
		{Name: "returns-early", Check: "handlers", Todo: 3},
		{Name: "cuts-in-flight", Check: "in-flight", Todo: 2},
		{Name: "idle-once", Check: "chatty", Todo: 5},
		{Name: "idle-undoes-wake", Check: "in-flight", Todo: 5, Says: "What this looks like"},
		{Name: "waits-forever", Check: "drain-timeout", Todo: 4},
		{Name: "no-write-deadline", Check: "stalled-reader", Todo: 5},
		{Name: "drain-sleeps", Check: "handlers", Todo: 3, Says: "the shutdown is over"},
		{Name: "wake-closes", Check: "goodbye", Todo: 2},
		{Name: "wake-dropped", Check: "wake-released", Todo: 2},
		{Name: "counts-late", Check: "just-accepted", Todo: 3},
		{Name: "ignores-sigterm", Check: "process/sigterm"},
		{Name: "ignores-sighup", Check: "process/sighup"},
	},
	Carried: []check.Carried{
		{From: "solutions/stage04-shutdown/linereader.go", To: "stage04-shutdown/linereader.go"},
	},
	Reference: "Shutdown is two context.AfterFunc calls: one closes the listener, " +
		"one sets each connection's read deadline to now, so a reply being " +
		"written still goes out whole before the goodbye.",
}
