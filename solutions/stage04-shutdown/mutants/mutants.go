// Package mutants holds known-wrong versions of the stage 04 server, one
// per common mistake. The solutions' tests prove that the stage 04 suite
// rejects each one, with the check and TODO shutdowntest.Manifest names.
package mutants

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/stage04-shutdown/shutdowntest"
)

// Servers maps each server mutant to its Serve.
var Servers = map[string]check.Serve[shutdowntest.Config]{
	"keeps-connections": KeepsConnections,
	"returns-early":     ReturnsEarly,
	"cuts-in-flight":    CutsInFlight,
	"idle-once":         IdleOnce,
	"idle-undoes-wake":  IdleUndoesWake,
	"waits-forever":     WaitsForever,
	"no-write-deadline": NoWriteDeadline,
	"drain-sleeps":      DrainSleeps,
	"wake-closes":       WakeCloses,
	"wake-dropped":      WakeDropped,
	"counts-late":       CountsLate,
}

// Commands maps each command mutant to the import path of its main
// package, for the process checks.
var Commands = map[string]string{
	"ignores-sigterm": "tcpworkbook/solutions/stage04-shutdown/mutants/cmd/ignores-sigterm",
	"ignores-sighup":  "tcpworkbook/solutions/stage04-shutdown/mutants/cmd/ignores-sighup",
}
