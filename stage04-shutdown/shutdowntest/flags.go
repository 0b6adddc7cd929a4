package shutdowntest

import (
	"time"

	"tcpworkbook/kit/run"
)

// The flags of cmd/shutdown, written once: the starter's, the reference's
// and the mutants' commands declare them from here, the manifest lists
// them, and Config.Command passes them. Each range refuses at start-up
// what means nothing (0, a negative duration) or would fail only later.
var (
	MaxLineFlag = run.Int{
		Name:    "max-line",
		Usage:   "the longest line accepted, in `bytes`, not counting \"\\n\" or \"\\r\\n\"",
		Default: 64 << 10, Min: 1, Max: 1 << 30,
	}
	IdleFlag = run.Duration{
		Name:    "idle",
		Usage:   "close a connection that sends no line, or reads no reply, for this `long`",
		Default: 30 * time.Second, Min: time.Millisecond, Max: 24 * time.Hour,
	}
	DrainFlag = run.Duration{
		Name:    "drain",
		Usage:   "how `long` a shutdown waits for connections before closing them",
		Default: 5 * time.Second, Min: time.Millisecond, Max: time.Hour,
	}
)
