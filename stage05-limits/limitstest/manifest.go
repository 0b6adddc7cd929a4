package limitstest

import "tcpworkbook/kit/check"

// Manifest is stage 05 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 5,
	Dir:    "stage05-limits",
	Test:   "TestLimits",
	Commands: []check.Command{
		{Name: "limits", Server: ""},
	},
	Carried: []check.Carried{
		{From: "solutions/stage05-limits/lines.go", To: "stage05-limits/lines.go"},
		{From: "solutions/stage05-limits/shutdown.go", To: "stage05-limits/shutdown.go"},
	},
	Reference: "The limit is a buffered channel used as a semaphore, and isTemporary" +
		" names the errnos (EMFILE, ENFILE, ECONNABORTED…) for errors.Is " +
		"instead of asking the deprecated Temporary method.",
}
