package review

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"tcpworkbook/review/pitfalls"
)

// every runs all the analyzers as one, so that the test data is loaded
// and type-checked once (analysistest checks one analyzer per run), and so
// that each package is checked against every pitfall: a case meant for one
// analyzer must not be a false alarm of another. Each analyzer keeps to
// its stages, as it does under go vet.
var every = &analysis.Analyzer{
	Name:     "every_pitfall",
	Doc:      "runs every pitfall analyzer",
	Requires: pitfalls.All()[0].Requires, // the shared index
	Run: func(pass *analysis.Pass) (any, error) {
		for _, a := range pitfalls.All() {
			if _, err := a.Run(pass); err != nil {
				return nil, err
			}
		}
		return nil, nil
	},
}

// TestAnalyzers runs the analyzers over testdata/src, whose "// want"
// comments list the findings they must make; lines without one must give
// none. There is a package per pitfall (lockio for lock-held-across-io,
// and so on), small programs shaped like the references' code and the
// mistakes students make, and packages whose import paths name a stage:
// the stage picks the TODO a message names, holds back a finding on a
// starter's open TODO, keeps an analyzer to its stages, and leaves check
// suites (stageNN-x/<x>test) alone.
func TestAnalyzers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), every,
		"lockio", "connclose", "exit", "errdata", "eof", "writeerr", "unflushed", "unlimited", "writeaccept", "sleepctx", "allocread",
		"variants", "tcpworkbook/stage02-framing", "tcpworkbook/stage03-chat", "tcpworkbook/stage06-perf",
		"tcpworkbook/stage07-miniredis", "tcpworkbook/stage01-echo/echotest")
}

func TestForStage(t *testing.T) {
	names := func(num int) map[string]bool {
		m := map[string]bool{}
		for _, a := range ForStage(num) {
			m[PitfallName(a)] = true
		}
		return m
	}
	for num, want := range map[int]map[string]bool{
		1: {"unlimited-goroutines": false, "sleep-ignores-ctx": false, "alloc-per-read": false, "conn-not-closed": true},
		4: {"unlimited-goroutines": false, "sleep-ignores-ctx": true, "alloc-per-read": false},
		5: {"unlimited-goroutines": true, "sleep-ignores-ctx": true, "alloc-per-read": false},
		6: {"unlimited-goroutines": false, "sleep-ignores-ctx": true, "alloc-per-read": true, "lock-held-across-io": true},
		7: {"unlimited-goroutines": false, "alloc-per-read": false, "lock-held-across-io": true, "write-blocks-accept": true},
	} {
		got := names(num)
		for name, in := range want {
			assert.Equal(t, in, got[name], "ForStage(%d): %s included", num, name)
		}
	}
	assert.Empty(t, ForStage(0), "ForStage of a stage that does not exist should be empty")
	assert.Empty(t, ForStage(8), "ForStage of a stage that does not exist should be empty")
}

func TestFormat(t *testing.T) {
	f := Finding{File: "stage03-chat/chat.go", Line: 150, Col: 4, Name: "lock-held-across-io", Message: "c.conn.Write while s.mu is held (TODO(2))", Todo: 2}
	want := "stage03-chat/chat.go:150:4: lock-held-across-io: c.conn.Write while s.mu is held (TODO(2))"
	assert.Equal(t, want, Format(f), "Format")
	assert.Equal(t, 12, pitfalls.TodoOf("x: y (TODO(12))"), "TodoOf reads the wrong TODO")
	assert.Equal(t, 0, pitfalls.TodoOf("x: y (taught in stage 01, TODO(2))"), "TodoOf reads the wrong TODO")
}

func TestPitfalls(t *testing.T) {
	got := map[string]Pitfall{}
	for _, p := range Pitfalls(3) {
		got[p.Name] = p
	}
	lock := got["lock-held-across-io"]
	assert.Equal(t, 2, lock.Todo, "Pitfalls(3) describes lock-held-across-io as %+v", lock)
	assert.Equal(t, "find network reads and writes made while a mutex is held", lock.Summary,
		"Pitfalls(3) describes lock-held-across-io as %+v", lock)
	assert.NotContains(t, got, "unlimited-goroutines", "Pitfalls(3) lists unlimited-goroutines, which starts at stage 05")
	assert.Equal(t, 0, got["exit-in-handler"].Todo, "stage 03 has no TODO for exit-in-handler")
}
