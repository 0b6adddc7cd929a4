package chattest

import "tcpworkbook/kit/check"

// Manifest is stage 03 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 3,
	Dir:    "stage03-chat",
	Test:   "TestChat",
	Commands: []check.Command{
		{Name: "chat", Server: ""},
	},
	Carried: []check.Carried{
		{From: "solutions/stage03-chat/lines.go", To: "stage03-chat/lines.go"},
	},
	Reference: "Each outbox is a slice under a mutex plus a one-token wake-up " +
		"channel, not a buffered channel: push never blocks, drops the oldest" +
		" line and counts it for the \"* missed\" notice.",
}
