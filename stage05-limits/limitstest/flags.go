package limitstest

import (
	"time"

	"tcpworkbook/kit/run"
)

// The flags of cmd/limits, written once: the starter's, the reference's
// and the mutants' commands declare them from here, the manifest lists
// them, and Config.Command passes them. Each range refuses at start-up
// what means nothing (0, a negative duration) or would fail only later.
var (
	MaxConnsFlag = run.Int{
		Name:    "max-conns",
		Usage:   "serve at most `n` clients at once",
		Default: 100, Min: 1, Max: 1_000_000,
	}
	PolicyFlag = run.Value{
		Name:    "policy",
		Usage:   "the `policy` for a client over the limit: reject (tell it and hang up) or wait (leave it in the backlog)",
		Default: "reject",
	}
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
