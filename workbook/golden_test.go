package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kit "tcpworkbook/kit/check"
)

var update = flag.Bool("update", false, "rewrite the saved outputs in testdata/golden")

// fixture is a saved run of one stage: go test's JSON and anything it
// printed on stderr.
type fixture struct {
	json   string // a file in testdata/runs
	stderr string
	// race is the run under -race that confirms a passing run, if any;
	// raceNote is what go test said when it could not use -race.
	race, raceNote string
}

// fakeRunner replays saved runs: stages without one are not written yet.
func fakeRunner(runs map[string]fixture) func(string, bool) func(context.Context, stage) *stageResult {
	return func(string, bool) func(context.Context, stage) *stageResult {
		return func(_ context.Context, st stage) *stageResult {
			f, ok := runs[st.Dir]
			if !ok {
				return &stageResult{Stage: st, Status: notWritten}
			}
			r := replay(st, f.json, f.stderr)
			switch {
			case r.Status != passed:
			case f.raceNote != "":
				r.Race, r.RaceNote = raceMissing, f.raceNote
			case f.race != "":
				rr := replay(st, f.race, "")
				switch {
				case raceUnavailable(rr):
					r.Race, r.RaceNote, r.NoCC = raceMissing, rr.Problem, rr.NoCC
				case rr.Status != passed:
					rr.Race = raceFailed
					return rr
				default:
					r.Race = raceClean
				}
			default:
				r.Race = raceClean
			}
			return r
		}
	}
}

// replay parses a saved run as the runner would have.
func replay(st stage, file, stderr string) *stageResult {
	var out []byte
	if file != "" {
		var err error
		if out, err = os.ReadFile(filepath.Join(runsDir, file)); err != nil {
			panic(err)
		}
	}
	var exitErr error
	if bytes.Contains(out, []byte(`"Action":"fail"`)) || stderr != "" {
		exitErr = errors.New("exit status 1")
	}
	return parseRun(st, out, []byte(stderr), exitErr)
}

// frozenRegistry is the registry the saved outputs were written with: six
// stages, stage 01's TODOs and reference note as they were recorded. A
// new stage, or a changed note, leaves them as they are.
var frozenRegistry = func() []*kit.Manifest {
	out := []*kit.Manifest{{
		Stage: kit.Stage{Name: "Echo", File: "stage01-echo/echo.go", Todos: map[int]string{
			1: "the accept loop in Serve (accept, then hand each connection to its own goroutine)",
			2: "the read/write loop in echo (write back buf[:n] until EOF)",
			3: "Listen (try each address in order)",
		}},
		Number: 1, Dir: "stage01-echo", Test: "TestEcho",
		Reference: "Listen wraps errors.Join of every failed address in one sentence, " +
			"and the echo loop is exactly what io.Copy(rw, rw) does in one line.",
	}}
	for i, dir := range []string{"stage02-framing", "stage03-chat", "stage04-shutdown", "stage05-limits", "stage06-perf"} {
		out = append(out, &kit.Manifest{Number: i + 2, Dir: dir})
	}
	return out
}()

// runCLI runs the command in-process with a fake runner over the made-up
// workbook in testdata/root, colour off, and returns its output and status.
func runCLI(t *testing.T, runs map[string]fixture, args ...string) (string, int) {
	t.Helper()
	saved, savedRegistry := newRunner, registry
	newRunner, registry = fakeRunner(runs), frozenRegistry
	defer func() { newRunner, registry = saved, savedRegistry }()
	t.Setenv("WORKBOOK_CMD", "")
	var out, errOut bytes.Buffer
	code := cli(context.Background(), append([]string{"-root", "testdata/root"}, args...), &out, &errOut, false, false)
	if errOut.Len() > 0 {
		t.Logf("stderr: %s", errOut.String())
	}
	return out.String(), code
}

// TestSavedOutput compares what the command prints, colour off, with the
// saved outputs in testdata/golden. After a deliberate change, rewrite
// them with: go test ./workbook -run TestSavedOutput -update
func TestSavedOutput(t *testing.T) {
	t.Setenv("COLUMNS", "") // lanes fit the default width, whatever the terminal
	t.Setenv("NO_COLOR", "1")
	starter := map[string]fixture{"stage01-echo": {json: "starter.json"}}
	reference := map[string]fixture{"stage01-echo": {json: "reference.json"}}
	tests := []struct {
		name string
		runs map[string]fixture
		args []string
		code int
	}{
		// A new student: stage 01 fails at TODO(1), the others are not written.
		{"starter", starter, nil, 1},
		{"starter-hint", starter, []string{"-hint"}, 1},
		{"starter-stage1-hint3", starter, []string{"-stage", "1", "-hint=3"}, 1},
		{"reference", reference, nil, 0},
		{"reference-stage1", reference, []string{"-stage", "01"}, 0},
		{"compile-error", map[string]fixture{"stage01-echo": {json: "compile-error.json"}}, nil, 1},
		{"mutant", map[string]fixture{"stage01-echo": {json: "mutant.json"}}, nil, 1},
		// Stage 01 done; stage 02 fails a nested check, whose hints
		// are under a heading that leaves out the suite's name.
		{"nested", map[string]fixture{
			"stage01-echo":    {json: "reference.json"},
			"stage02-framing": {json: "nested.json"},
		}, nil, 1},
		{"nested-hint3", map[string]fixture{
			"stage01-echo":    {json: "reference.json"},
			"stage02-framing": {json: "nested.json"},
		}, []string{"-hint=3"}, 1},
		// The server panics during a check: where, what, and the TODO of
		// the function it panicked in.
		{"panic", map[string]fixture{"stage01-echo": {json: "panic.json"}}, []string{"-stage", "echo"}, 1},
		// A stage that passes, but not under the race detector: the two
		// accesses in the student's code, and the TODO of their function.
		{"race", map[string]fixture{"stage01-echo": {json: "reference.json", race: "race.json"}},
			[]string{"-root", finishedRoot, "-stage", "1"}, 1},
		// One side of the race holds a mutex and the other does not: the
		// report sends the student to the side without it.
		{"race-locked", map[string]fixture{"stage01-echo": {json: "reference.json", race: "race-locked.json"}},
			[]string{"-root", lockedRoot, "-stage", "1"}, 1},
		// The handler calls log.Fatalf on a connection's error: the test
		// process ends during Echo/reset, with no stack.
		{"exit", map[string]fixture{"stage01-echo": {json: "exit.json"}},
			[]string{"-root", exitedRoot, "-stage", "1"}, 1},
		// No C compiler for the race detector's cgo runtime: not the
		// student's code, and what to install.
		{"no-cc", map[string]fixture{"stage01-echo": {json: "reference.json", race: "no-cc.json"}}, nil, 0},
		// Without the race detector, a passing stage says so once.
		{"no-race", map[string]fixture{"stage01-echo": {json: "reference.json", raceNote: "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1"}},
			nil, 0},
		// go test itself fails: its own words, plainly.
		{"broken", map[string]fixture{
			"stage05-limits": {stderr: "go: directory stage05-limits is outside modules listed in go.work\n"},
		}, []string{"-stage", "limits"}, 1},
		// Every kind of stage line at once, with every check listed.
		{"all", map[string]fixture{
			"stage01-echo":     {json: "reference.json"},
			"stage02-framing":  {json: "nested.json"},
			"stage04-shutdown": {json: "compile-error.json"},
			"stage05-limits":   {stderr: "go: directory stage05-limits is outside modules listed in go.work\n"},
		}, []string{"-all"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, code := runCLI(t, tc.runs, tc.args...)
			got := fmt.Sprintf("$ %s\n%s\n(exit status %d)\n", strings.TrimSpace("go run ./workbook "+strings.Join(tc.args, " ")), out, code)
			file := filepath.Join("testdata", "golden", tc.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
				require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
			}
			want, err := os.ReadFile(file)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), got, "the output differs from %s (run with -update if the change is intended):\n%s", file, lineDiff(string(want), got))
			assert.Equal(t, tc.code, code, "exit status")
			assert.NotContains(t, got, "\x1b[", "colour codes in the output with colour off")
		})
	}
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want: %q\n  got:  %q", i+1, a, b)
		}
	}
	return "(they differ only in line endings)"
}

func TestColour(t *testing.T) {
	saved, savedRegistry := newRunner, registry
	newRunner, registry = fakeRunner(map[string]fixture{"stage01-echo": {json: "mutant.json"}}), frozenRegistry
	defer func() { newRunner, registry = saved, savedRegistry }()
	var out bytes.Buffer
	cli(context.Background(), []string{"-root", "testdata/root"}, &out, &out, true, false)
	for _, want := range []string{"\x1b[32m✓\x1b[0m Echo/reset", "\x1b[31m✗\x1b[0m Echo/short"} {
		assert.Contains(t, out.String(), want, "colour on: the output has no %q:\n%s", want, out.String())
	}
}

// TestJSONOutput compares -json with the saved documents in
// testdata/golden/*.json, at a fixed time and commit. Rewrite them with
// go test ./workbook -run TestJSONOutput -update.
func TestJSONOutput(t *testing.T) {
	savedNow, savedVersion := now, workbookVersion
	now = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	workbookVersion = func(string) jsonVersion { return jsonVersion{Commit: "0123456789abcdef0123456789abcdef01234567"} }
	defer func() { now, workbookVersion = savedNow, savedVersion }()
	tests := []struct {
		name string
		runs map[string]fixture
		args []string
		code int
	}{
		{"json-starter", map[string]fixture{"stage01-echo": {json: "starter.json"}}, []string{"-stage", "1"}, 1},
		{"json-all", map[string]fixture{
			"stage01-echo":     {json: "reference.json"},
			"stage02-framing":  {json: "nested.json"},
			"stage04-shutdown": {json: "compile-error.json"},
			"stage05-limits":   {stderr: "go: directory stage05-limits is outside modules listed in go.work\n"},
		}, nil, 1},
		{"json-race", map[string]fixture{"stage01-echo": {json: "reference.json", race: "race.json"}}, []string{"-root", finishedRoot, "-stage", "1"}, 1},
		{"json-panic", map[string]fixture{"stage01-echo": {json: "panic.json"}}, []string{"-stage", "1"}, 1},
		{"json-race-locked", map[string]fixture{"stage01-echo": {json: "reference.json", race: "race-locked.json"}}, []string{"-root", lockedRoot, "-stage", "1"}, 1},
		{"json-exit", map[string]fixture{"stage01-echo": {json: "exit.json"}}, []string{"-root", exitedRoot, "-stage", "1"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, code := runCLI(t, tc.runs, append([]string{"-json"}, tc.args...)...)
			var doc jsonResult
			require.NoError(t, json.Unmarshal([]byte(out), &doc), "-json wrote no valid JSON\n%s", out)
			file := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
			}
			want, err := os.ReadFile(file)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), out, "the output differs from %s (run with -update if the change is intended):\n%s", file, lineDiff(string(want), out))
			assert.Equal(t, tc.code, code, "exit status")
		})
	}
}
