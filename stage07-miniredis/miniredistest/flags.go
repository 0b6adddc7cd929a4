package miniredistest

import (
	"time"

	"tcpworkbook/kit/run"
)

// The flags of cmd/miniredis, written once: the starter's, the
// reference's and the mutants' commands declare them from here, the
// manifest lists them, and Config.Command passes them. Each is one of
// Redis's own settings, named in its usage, so that the adapter that runs
// real Redis under the suite can translate it.
var (
	MaxBulkFlag = run.Int{
		Name:    "max-bulk",
		Usage:   "the longest bulk string accepted, in `bytes` (Redis's proto-max-bulk-len)",
		Default: 512 << 20, Min: 1, Max: 1 << 40,
	}
	MaxClientsFlag = run.Int{
		Name:    "max-clients",
		Usage:   "serve at most `n` clients at once; one more is told so and closed (Redis's maxclients)",
		Default: 10_000, Min: 1, Max: 1_000_000,
	}
	TimeoutFlag = run.Duration{
		Name:    "timeout",
		Usage:   "close a client that sends nothing for this `long`, 0 for never; subscribers are exempt (Redis's timeout)",
		Default: 0, Min: 0, Max: 24 * time.Hour,
	}
	PubSubLimitFlag = run.Int{
		Name:    "pubsub-limit",
		Usage:   "disconnect a subscriber this many `bytes` behind (Redis's client-output-buffer-limit pubsub, hard limit)",
		Default: 32 << 20, Min: 1, Max: 1 << 40,
	}
)
