// Package review finds the lecture's common pitfalls in a student's own
// code: the mistakes a fast loopback hides from the behaviour checks, such
// as a mutex held across a network write or a connection that some path
// never closes. It runs the analyzers of package pitfalls over one
// stage's packages and returns vet-style findings.
//
// The workbook calls Check; editors and go vet use the same analyzers
// through the tcpvet command (cmd/tcpvet).
package review

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"tcpworkbook/review/pitfalls"
)

// Finding is one pitfall found in the code.
type Finding struct {
	File    string // slash-separated, relative to the workspace root
	Line    int
	Col     int
	Name    string // the pitfall, such as "lock-held-across-io"
	Message string // one line: what is wrong, why it matters, the TODO
	Todo    int    // the TODO of the stage it belongs to (its function's, else its pitfall's); 0 if none
}

// String formats f as go vet does: path:line:col: name: message.
func (f Finding) String() string { return Format(f) }

// Format formats f as go vet does: path:line:col: name: message.
func Format(f Finding) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Line, f.Col, f.Name, f.Message)
}

// ForStage returns the analyzers that apply to stage num, from 1 to 6.
// Most apply to every stage; unlimited-goroutines to stage 05 only,
// sleep-ignores-ctx from stage 04, write-blocks-accept from stage 05 and
// alloc-per-read to stage 06.
func ForStage(num int) []*analysis.Analyzer { return pitfalls.ForStage(num) }

// All returns every analyzer.
func All() []*analysis.Analyzer { return pitfalls.All() }

// PitfallName returns the name analyzer a's findings print, such as
// "lock-held-across-io" for the analyzer lock_held_across_io.
func PitfallName(a *analysis.Analyzer) string { return pitfalls.PitfallName(a) }

// Pitfall describes what stage num's review looks for, one analyzer at a
// time: for a stage's README ("What the review looks for") and for a
// workbook that lists it.
type Pitfall struct {
	Name    string // such as "lock-held-across-io"
	Todo    int    // the stage's TODO it belongs to; 0 if taught in another stage
	Summary string // one line, such as "find network reads and writes made while a mutex is held"
}

// Pitfalls returns what stage num's review looks for, in the order the
// lecture meets the pitfalls.
func Pitfalls(num int) []Pitfall {
	var out []Pitfall
	for _, a := range ForStage(num) {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		name := PitfallName(a)
		out = append(out, Pitfall{Name: name, Todo: pitfalls.TodoFor(name, num), Summary: summary})
	}
	return out
}

// Stages returns the first and last stage analyzer a applies to.
func Stages(a *analysis.Analyzer) (from, until int) { return pitfalls.Stages(a) }
