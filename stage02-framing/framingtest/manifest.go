package framingtest

import "tcpworkbook/kit/check"

// Manifest is stage 02 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 2,
	Dir:    "stage02-framing",
	Test:   "TestFraming",
	Commands: []check.Command{
		{Name: "lines", Server: ""},
		{Name: "counter", Server: "counter"},
		{Name: "fileserver", Server: "fileserver"},
	},
	Reference: "readLine uses ReadSlice on a bufio.Reader sized to the limit, so an " +
		"over-long line is refused without being copied, and replies are " +
		"flushed only when no complete line is already buffered.",
}
