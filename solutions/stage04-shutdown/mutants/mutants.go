// Package mutants holds known-wrong versions of the stage 04 server, one
// per common mistake. The solutions' tests prove that the stage 04 suite
// rejects each one, with the check and TODO shutdowntest.Manifest names.
package mutants

import (
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// All maps each mutant's name, as shutdowntest.Manifest.Mutants knows it,
// to the suite's Impl with that one mistake; the part a mutant leaves
// out is the reference's.
var All = map[string]shutdowntest.Impl{
	"keeps-connections": {Serve: KeepsConnections},
	"returns-early":     {Serve: ReturnsEarly},
	"cuts-in-flight":    {Serve: CutsInFlight},
	"idle-once":         {Serve: IdleOnce},
	"idle-undoes-wake":  {Serve: IdleUndoesWake},
	"waits-forever":     {Serve: WaitsForever},
	"no-write-deadline": {Serve: NoWriteDeadline},
	"drain-sleeps":      {Serve: DrainSleeps},
	"wake-closes":       {Serve: WakeCloses},
	"wake-dropped":      {Serve: WakeDropped},
	"counts-late":       {Serve: CountsLate},
	// Their mistake is in main: each is a command of its own, for the
	// process checks.
	"ignores-sigterm": {Command: "tcpworkbook/solutions/stage04-shutdown/mutants/cmd/ignores-sigterm"},
	"ignores-sighup":  {Command: "tcpworkbook/solutions/stage04-shutdown/mutants/cmd/ignores-sighup"},
}
