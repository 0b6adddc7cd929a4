package linecheck

import (
	"time"

	"tcpworkbook/kit/run"
)

// The flags of the line servers with a lifecycle, stages 04 and 05,
// written once: each stage's flags name them, and its commands, manifest
// and Config.Command read them from there. Each range refuses at start-up
// what means nothing (0, a negative duration) or would fail only later.
var (
	MaxLineFlag = run.Int{
		Name:    "max-line",
		Usage:   "the longest line accepted, in `bytes`, not counting \"\\n\" or \"\\r\\n\"",
		Default: DefaultMaxLine, Min: 1, Max: 1 << 30,
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
