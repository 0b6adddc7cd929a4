package framingtest

import "tcpworkbook/kit/run"

// The flags of the stage's commands, written once: the starter's, the
// reference's and the mutants' commands declare them from here, the
// manifest lists them, and Config.Command passes them.
var (
	// MaxLineFlag is -max-line of cmd/lines and cmd/counter. More than
	// 64 MiB is refused at start-up: one client could make the server
	// hold that much.
	MaxLineFlag = run.Int{
		Name:    "max-line",
		Usage:   "the longest line accepted, in `bytes`, not counting \"\\n\" or \"\\r\\n\"",
		Default: DefaultMaxLine, Min: 1, Max: 64 << 20,
	}
	// FileFlag is -file of cmd/fileserver.
	FileFlag = run.String{
		Name:  "file",
		Usage: "send this file to every client, then close; anything but a regular file is refused at start-up",
	}
	// RootFlag is -root of cmd/fileserver.
	RootFlag = run.String{
		Name:  "root",
		Usage: "send the file each client names on one line, from below this `directory`",
	}
)
