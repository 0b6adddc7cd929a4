// Package pitfalls holds the workbook's review: one analyzer per pitfall
// of the lecture's "Common Pitfalls" section and of each stage's lesson,
// found in a student's own code rather than on the network.
//
// Every analyzer is named after its pitfall with "_" for "-" (Go analyzer
// names must be identifiers), so lock_held_across_io finds
// lock-held-across-io. Each message is one line: the pitfall's name, what
// is wrong and why it matters, and the TODO of the package's stage that it
// belongs to.
//
// The analyzers aim for no false alarms rather than for catching every
// case: a finding the student cannot act on teaches the wrong thing. They
// look at one function at a time, plus short summaries of the package's
// own functions (which ones close a connection, block, or write to one).
package pitfalls

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The pitfalls' names, as findings print them.
const (
	lockHeldAcrossIO    = "lock-held-across-io"
	connNotClosed       = "conn-not-closed"
	exitInHandler       = "exit-in-handler"
	errorBeforeData     = "error-before-data"
	writeErrorIgnored   = "write-error-ignored"
	unflushedWriter     = "unflushed-writer"
	unlimitedGoroutines = "unlimited-goroutines"
	sleepIgnoresCtx     = "sleep-ignores-ctx"
	allocPerRead        = "alloc-per-read"
	eofIgnored          = "eof-ignored"
	writeBlocksAccept   = "write-blocks-accept"
)

// All returns every analyzer, in the order a student meets the pitfalls.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		EOFIgnored, ErrorBeforeData, WriteErrorIgnored, ConnNotClosed, ExitInHandler,
		UnflushedWriter, LockHeldAcrossIO, SleepIgnoresCtx, UnlimitedGoroutines, WriteBlocksAccept, AllocPerRead,
	}
}

// ForStage returns the analyzers that apply to stage num's code.
func ForStage(num int) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range All() {
		if s := spans[PitfallName(a)]; s.from <= num && num <= s.until {
			out = append(out, a)
		}
	}
	return out
}

// Stages returns the first and last stage analyzer a applies to.
func Stages(a *analysis.Analyzer) (from, until int) {
	s := spans[PitfallName(a)]
	return s.from, s.until
}

// PitfallName returns the name findings of analyzer a print, such as
// "lock-held-across-io" for lock_held_across_io.
func PitfallName(a *analysis.Analyzer) string { return strings.ReplaceAll(a.Name, "_", "-") }

// newAnalyzer makes the analyzer of one pitfall. run is called once per
// package, unless the package is a check suite or of a stage outside the
// pitfall's span (see spans in stage.go).
func newAnalyzer(pitfall string, doc string, run func(*checker)) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     strings.ReplaceAll(pitfall, "-", "_"),
		Doc:      doc,
		Requires: []*analysis.Analyzer{indexer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		path := pass.Pkg.Path()
		stage := StageOf(path)
		if IsSuite(path) || stage != 0 && (stage < spans[pitfall].from || stage > spans[pitfall].until) {
			return nil, nil
		}
		idx := pass.ResultOf[indexer].(*index)
		run(&checker{pass: pass, idx: idx, pitfall: pitfall, stage: stage, sum: newSummaries(idx)})
		return nil, nil
	}
	return a
}
