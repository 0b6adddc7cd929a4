package chattest

import "tcpworkbook/kit/run"

// The flags of cmd/chat, written once: the starter's, the reference's and
// the mutants' commands declare them from here, the manifest lists them,
// and Config.Command passes them. Each range refuses nonsense at start-up:
// 0 means nothing, and more would let one client hold an absurd amount of
// memory.
var (
	MaxLineFlag = run.Int{
		Name:    "max-line",
		Usage:   "the longest line a client may send, in `bytes`, not counting \"\\n\" or \"\\r\\n\"",
		Default: DefaultMaxLine, Min: 1, Max: 16 << 20,
	}
	QueueFlag = run.Int{
		Name:    "queue",
		Usage:   "the most `lines` kept for a client that is not reading; older ones are dropped",
		Default: DefaultQueue, Min: 1, Max: 100_000,
	}
)
