package perftest

import (
	"tcpworkbook/kit/check"
	"tcpworkbook/kit/echocheck"
	"tcpworkbook/kit/run"
)

// The mistakes the checks recognise from what the server did; HINTS.md
// has a section "## symptom: <id>" for each, and for those of stage 01's
// checks that run here as the Echo group (echocheck.Symptoms).
const (
	symptomHandOver     = "hand-over"     // bytes go wrong between the inline write and the writer
	symptomInlineBlocks = "inline-blocks" // the reader's inline write waits for a slow client
	symptomAllocates    = "allocates"     // the server allocates per message; the report names where
	symptomBufferKept   = "buffer-kept"   // a borrowed buffer is not given back on some path
	symptomPutTwice     = "put-twice"     // a buffer goes back to the pool twice
)

// Manifest is stage 06 in one place: the suite's failure reports, the
// progress command and CI all read it.
var Manifest = check.Manifest{
	Stage: check.Stage{
		Name: "Perf",
		File: "stage06-perf/perf.go",
		Todos: map[int]string{
			1: "a read buffer borrowed from the pool for each read, given back exactly once after its write",
			2: "chunks: no buffer held while the client is silent, nothing allocated per read",
			3: "handle: Nagle off (TCP_NODELAY) on every connection",
			4: "echo: a reader and a writer joined by a bounded queue, a writer running only while chunks wait",
			5: "echo: the reader writes while nothing is queued, never blocking, and no chunk overtakes another",
		},
		Symptoms: append([]string{symptomHandOver, symptomInlineBlocks, symptomAllocates, symptomBufferKept, symptomPutTwice},
			echocheck.Symptoms...),
	},
	Number: 6,
	// Each TODO asks for a goal in three lines at most, with no code: HINTS.md has the steps.
	Guidance: check.Guidance{MaxLines: 3, Plain: true},
	Dir:      "stage06-perf",
	Test:     "TestPerf",
	// The load generator, kit/cmd/loadgen, is a kit tool for measuring,
	// not a server under test, so it is not listed here.
	Commands: []check.Command{
		{Name: "perf", Server: "", Flags: []run.Flag{QueueFlag}},
	},
	Mutants: []check.Mutant{
		{Name: "unbounded-queue", Check: "backpressure", Todo: 4},
		// Put before Write is the rule TODO(1) teaches, and the Echo checks,
		// which run first, catch it with a poisoning pool; the report's note
		// names the writer of TODO(4) too.
		{Name: "early-put", Check: "Echo/short", Todo: 1, Says: "went back to the pool before its Write returned"},
		{Name: "kept-on-eagain", Check: "pool", Todo: 2},
		{Name: "closure-per-read", Check: "allocs", Todo: 2},
		{Name: "copy-per-chunk", Check: "allocs", Todo: 4},
		{Name: "worker-pool", Check: "thousand", Todo: 4},
		{Name: "stuck-reader", Check: "abandon", Todo: 4},
		{Name: "two-goroutines", Check: "idle-goroutines", Todo: 4},
		{Name: "writer-per-burst", Check: "inline", Todo: 5},
		{Name: "inline-while-queued", Check: "catch-up", Todo: 5},
		{Name: "resend-cut-short", Check: "catch-up", Todo: 5},
		// Seen from outside, a reader whose inline write blocks is a
		// reader with no writer: the report names TODO(4), and says what
		// to look for if TODO(5) is done.
		{Name: "blocking-inline", Check: "split", Todo: 4, Says: "inline write of TODO(5) must not block"},
		{Name: "park-on-eagain", Check: "eagain", Todo: 5},
		{Name: "no-wait-at-eof", Check: "eof-queued", Todo: 5},
		{Name: "put-twice-on-error", Check: "reset-returns", Todo: 5, Says: "went back to the pool a second time"},
		// The accept loop is given code, so its check names no TODO; Says
		// holds the report to explaining the mistake instead.
		{Name: "exit-on-emfile", Check: "out-of-files", Says: "Accept failed with EMFILE (too many open files) and Serve returned"},
	},
	Carried: []check.Carried{
		{From: "solutions/stage06-perf/raw_unix.go", To: "stage06-perf/raw_unix.go"},
		{From: "solutions/stage06-perf/raw_other.go", To: "stage06-perf/raw_other.go"},
		{From: "solutions/stage06-perf/accept.go", To: "stage06-perf/accept.go"},
		{From: "solutions/stage06-perf/raw_unix.go", To: "solutions/stage06-perf/mutants/raw_unix.go"},
		{From: "solutions/stage06-perf/raw_other.go", To: "solutions/stage06-perf/mutants/raw_other.go"},
	},
	Reference: "An idle connection holds no buffer: inside syscall.RawConn.Read it " +
		"borrows a *[]byte for one non-blocking read and gives it back before" +
		" parking when nothing has arrived; the writer returns each filled " +
		"buffer after the echo.",
}
