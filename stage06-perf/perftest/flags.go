package perftest

import "tcpworkbook/kit/run"

// QueueFlag is -queue of cmd/perf, written once: the starter's, the
// reference's and the mutants' commands declare it from here, the manifest
// lists it, and Config.Command passes it. Each connection's channel takes
// 8 bytes a slot when it opens, and a full one holds a 16 KiB buffer a
// slot: more than 65536 is a typo, refused at start-up (exit status 2)
// rather than found at the first client as an out-of-memory crash.
var QueueFlag = run.Int{
	Name:    "queue",
	Usage:   "`chunks` the reader may get ahead of the writer on one connection",
	Default: 8, Min: 1, Max: 65536,
}
