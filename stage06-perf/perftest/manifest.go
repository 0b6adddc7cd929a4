package perftest

import "tcpworkbook/kit/check"

// Manifest is stage 06 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage:  Stage,
	Number: 6,
	Dir:    "stage06-perf",
	Test:   "TestPerf",
	Commands: []check.Command{
		{Name: "perf", Server: ""},
	},
	Carried: []check.Carried{
		{From: "solutions/stage06-perf/raw_unix.go", To: "stage06-perf/raw_unix.go"},
		{From: "solutions/stage06-perf/raw_other.go", To: "stage06-perf/raw_other.go"},
	},
	Reference: "An idle connection holds no buffer: inside syscall.RawConn.Read it " +
		"borrows a *[]byte for one non-blocking read and gives it back before" +
		" parking when nothing has arrived; the writer returns each filled " +
		"buffer after the echo.",
}
