package limitstest

import (
	"tcpworkbook/kit/linecheck"
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
	// The line server's, the same in stages 04 and 05, written once in
	// the kit.
	MaxLineFlag = linecheck.MaxLineFlag
	IdleFlag    = linecheck.IdleFlag
	DrainFlag   = linecheck.DrainFlag
)
