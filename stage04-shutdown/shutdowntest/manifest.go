package shutdowntest

import "tcpworkbook/kit/check"

// Manifest is stage 04 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 4,
	Dir:    "stage04-shutdown",
	Test:   "TestShutdown",
	Commands: []check.Command{
		{Name: "shutdown", Server: ""},
	},
	Reference: "Shutdown is two context.AfterFunc calls: one closes the listener, " +
		"one sets each connection's read deadline to now, so a reply being " +
		"written still goes out whole before the goodbye.",
}
