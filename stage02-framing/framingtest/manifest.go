package framingtest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/linecheck"
	"tcpworkbook/kit/run"
)

// The mistakes the checks recognise from what the server did; HINTS.md
// has a section "## symptom: <id>" for each.
const (
	symptomEndingTrimmed = linecheck.SymptomEndingTrimmed // a reply lost bytes of the line before its "\n"
	symptomOpenBlocks    = "open-blocks"                  // opening a FIFO waits for a writer, for ever
)

// Manifest is stage 02 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Framing",
		File: "stage02-framing/framing.go",
		Todos: map[int]string{
			1: "echoLines: answer each line, and flush only when no other line is waiting",
			2: "dropEnding: remove the \"\\r\" of a \"\\r\\n\" line ending",
			3: "readLine: a last line without \"\\n\" before EOF is still a line",
			4: "readLine: a line longer than maxLine is ErrLineTooLong",
			5: "countLines: count the lines without keeping them",
			6: "NewFileServer: check the file at start-up, and never wait on a FIFO",
			7: "sendFile: each client gets the whole file from an open of its own that never waits on a FIFO, streamed",
			8: "RootServer.open: only names inside the root, opened without waiting, each error sorted",
			9: "RootServer.open: a directory, or a FIFO, is not a file",
		},
		Symptoms: []string{symptomEndingTrimmed, symptomOpenBlocks},
	},
	Number: 2,
	// Each TODO asks, in at most five lines; the steps are in HINTS.md.
	Guidance: check.Guidance{MaxLines: 5, Plain: true},
	Dir:      "stage02-framing",
	Test:     "TestFraming",
	Commands: []check.Command{
		{Name: "lines", Server: "", Flags: []run.Flag{MaxLineFlag}},
		{Name: "counter", Server: "counter", Flags: []run.Flag{MaxLineFlag}},
		{Name: "fileserver", Server: "fileserver", Flags: []run.Flag{FileFlag, RootFlag}},
	},
	Mutants: mutants,
	Carried: []check.Carried{
		{From: "solutions/stage02-framing/linereader.go", To: "stage02-framing/linereader.go"},
	},
	Reference: "readLine is ReadSlice on a reader that grows only as far as a line needs (an idle connection " +
		"costs a few KiB); replies are flushed only when no complete line is buffered; files open with " +
		"O_NONBLOCK and are checked on the open file, so a FIFO never blocks a handler.",
}

// mutants are the known-wrong servers in solutions/stage02-framing/mutants,
// each a realistic mistake, with the check that must catch it and the
// TODO its report must send the student to.
var mutants = []check.Mutant{
	{Name: "never-flush", Check: "Lines/echo", Todo: 1},
	{Name: "read-is-line", Check: "Lines/split", Todo: 1},
	{Name: "keep-cr", Check: "Lines/crlf", Todo: 2},
	{Name: "drop-last-line", Check: "Lines/unterminated", Todo: 3},
	{Name: "ignore-scanner-error", Check: "Lines/too-long", Todo: 4},
	{Name: "read-whole-line", Check: "Lines/bounded", Todo: 4},
	{Name: "store-lines", Check: "Counter/memory", Todo: 5},
	{Name: "count-newlines", Check: "Counter/count", Todo: 5},
	{Name: "lazy-open", Check: "Files/startup", Todo: 6},
	{Name: "blocking-file-open", Check: "Files/startup", Todo: 6, Says: "FIFO"},
	{Name: "reopen-blocks", Check: "Files/swapped", Todo: 7, Says: "replaced"},
	{Name: "shared-file", Check: "Files/send", Todo: 7},
	{Name: "join-paths", Check: "Files/traversal", Todo: 8},
	{Name: "local-join", Check: "Files/symlink", Todo: 8},
	{Name: "no-file-check", Check: "Files/directory", Todo: 9},
	{Name: "blocking-open", Check: "Files/fifo", Todo: 8, Says: "stuck opening it"},
	{Name: "dir-check-only", Check: "Files/fifo", Todo: 9},
	{Name: "never-close-file", Check: "Files/descriptors", Todo: 7},
	{Name: "read-whole-file", Check: "Files/memory", Todo: 7},
	{Name: "dir-left-open", Check: "Files/descriptors", Todo: 9},
	{Name: "trailing-slash-invalid", Check: "Files/not-found", Todo: 8},
}
