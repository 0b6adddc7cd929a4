package echotest

import "tcpworkbook/kit/check"

// Manifest is stage 01 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 1,
	Dir:    "stage01-echo",
	Test:   "TestEcho",
	Commands: []check.Command{
		{Name: "echo", Server: ""},
	},
	Reference: "Listen wraps errors.Join of every failed address in one sentence, " +
		"and the echo loop is exactly what io.Copy(rw, rw) does in one line.",
}
