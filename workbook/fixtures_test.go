package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	record     = flag.Bool("record", false, "re-record testdata/runs from real go test runs on stage 01 (slow)")
	recordOnly = flag.String("record-only", "", "with -record: only these saved runs, comma-separated (exit.json,race-locked.json,no-cc.json)")
)

// recording reports whether the saved run name is to be recorded now.
func recording(name string) bool {
	if *recordOnly == "" {
		return true
	}
	for _, n := range strings.Split(*recordOnly, ",") {
		if strings.TrimSpace(n) == name {
			return true
		}
	}
	return false
}

// The saved go test -json runs that the saved-output tests replay. They
// are recorded from stage 01 by TestRecordFixtures, which also copies the
// starter's echo.go and HINTS.md into testdata/root (TestRootCopy fails
// when they drift from the real ones):
//
//	go test ./workbook -run TestRecordFixtures -record
//
// nested.json was recorded once from a small made-up suite: a nested
// failure with a skip.
const runsDir = "testdata/runs"

// finishedRoot is a made-up workbook holding only the stage 01 file that
// race.json was recorded from: the reference with a data race planted.
const finishedRoot = "testdata/finished"

// More made-up workbooks, each holding the stage 01 files a saved run was
// recorded from: exitedRoot the reference with log.Fatalf on a
// connection's error (exit.json), lockedRoot the reference with a
// counter that Serve changes under a mutex and handle without
// (race-locked.json).
const (
	exitedRoot = "testdata/exited"
	lockedRoot = "testdata/locked"
)

// goTestJSON runs go test -json on a stage of the tree at root and returns
// its standard output, as the command would see it.
func goTestJSON(t *testing.T, root, stageDir string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"test", "-json", "-count=1"}, extra...)
	cmd := exec.CommandContext(ctx, "go", append(args, "./"+stageDir+"/...")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"), "WORKBOOK_CMD=")
	var out bytes.Buffer
	cmd.Stdout = &out
	_ = cmd.Run() // a failing suite is what we want to record
	return out.Bytes()
}

// breakCompile adds a line that does not compile to the end of file and
// returns its line number.
func breakCompile(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	b = append(bytes.TrimRight(b, "\n"), '\n')
	line := bytes.Count(b, []byte("\n")) + 1
	b = append(b, "var broken int = \"not a number\"\n"...)
	require.NoError(t, os.WriteFile(file, b, 0o644))
	return line
}

// copyMutants copies a stage's mutants package from solutions into the
// stage's own module in the tree at root, so the student's test can use it.
func copyMutants(t *testing.T, root, stageDir string) {
	t.Helper()
	src := filepath.Join(root, "solutions", stageDir, "mutants")
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		require.NoError(t, copyGo(f, filepath.Join(root, stageDir, "mutants", filepath.Base(f)), stageDir))
	}
}

// installMutant puts a stage 01 mutant in the tree at root: the stage's
// test runs the suite on mutants.<fn>, as the solutions' own tests do,
// instead of on the starter's Serve. The starter, TODO comments and all,
// stays, as in the code of a student who made that mistake.
func installMutant(t *testing.T, root, fn string) {
	t.Helper()
	const stageDir = "stage01-echo"
	copyMutants(t, root, stageDir)
	test := filepath.Join(root, stageDir, "echo_test.go")
	b, err := os.ReadFile(test)
	require.NoError(t, err)
	s := string(b)
	const serve, suite = "new(echo.Server).Serve(ln)", `"tcpworkbook/stage01-echo/echotest"`
	for _, want := range []string{serve, suite} {
		require.Contains(t, s, want, "stage01-echo/echo_test.go has changed: cannot find %q and %q to put the mutant in", serve, suite)
	}
	s = strings.Replace(s, serve, "mutants."+fn+"(ln)", 1)
	s = strings.Replace(s, suite, suite+"\n\t\"tcpworkbook/stage01-echo/mutants\"", 1)
	require.NoError(t, os.WriteFile(test, []byte(s), 0o644))
}

func TestRecordFixtures(t *testing.T) {
	if !*record {
		t.Skip("only with -record")
	}
	save := func(name string, b []byte) {
		t.Helper()
		require.NotEmpty(t, b, "%s: go test printed nothing", name)
		require.NoError(t, os.WriteFile(filepath.Join(runsDir, name), b, 0o644))
	}
	root := copyTree(t)
	if *recordOnly == "" {
		for _, f := range rootCopies {
			b, err := os.ReadFile(filepath.Join(root, f))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join("testdata", "root", f), b, 0o644))
		}
	}
	if recording("starter.json") {
		save("starter.json", goTestJSON(t, root, "stage01-echo"))
	}
	if recording("compile-error.json") {
		breakCompile(t, filepath.Join(root, "stage01-echo", "echo.go"))
		save("compile-error.json", goTestJSON(t, root, "stage01-echo"))
	}

	if recording("reference.json") {
		root = copyTree(t)
		overlayReference(t, root, "stage01-echo")
		save("reference.json", goTestJSON(t, root, "stage01-echo"))
	}

	if recording("mutant.json") {
		root = copyTree(t)
		installMutant(t, root, "WholeBuffer")
		save("mutant.json", goTestJSON(t, root, "stage01-echo"))
	}

	// A panic in the starter's Serve, on the line that was "_ = s.handle",
	// so every other line stays where testdata/root has it.
	if recording("panic.json") {
		root = copyTree(t)
		plant(t, filepath.Join(root, "stage01-echo", "echo.go"), "_ = s.handle // delete this line once Serve calls handle",
			`var seen map[string]int; seen["conn"]++; _ = s.handle`, "")
		save("panic.json", goTestJSON(t, root, "stage01-echo"))
	}

	if recording("race.json") {
		root = copyTree(t)
		overlayReference(t, root, "stage01-echo")
		echo := filepath.Join(root, "stage01-echo", "echo.go")
		// A finished stage with a data race: the accept loop counts each
		// connection in a variable that each handler decrements, without a
		// lock. Only -race sees it.
		plant(t, echo, "go s.handle(conn)", "connections++\n\t\tgo s.handle(conn)", "\n// connections counts the open connections.\nvar connections int\n")
		plant(t, echo, "defer conn.Close()", "defer conn.Close()\n\tdefer func() { connections-- }()", "")
		save("race.json", goTestJSON(t, root, "stage01-echo", "-race"))
		keepFiles(t, root, finishedRoot, "stage01-echo/echo.go", "stage01-echo/README.md")
	}

	if recording("race-locked.json") {
		recordLockedRace(t, save)
	}

	if recording("exit.json") {
		// A finished stage whose handler ends the process on a
		// connection's error, as log.Fatal does: no stack, no failure,
		// only a check that never finished.
		root = copyTree(t)
		overlayReference(t, root, "stage01-echo")
		echo := filepath.Join(root, "stage01-echo", "echo.go")
		plant(t, echo, `"log/slog"`, "stdlog \"log\"\n\t\"log/slog\"", "")
		plant(t, echo, "log.Warn(\"connection failed\", \"echoed\", n, \"err\", err)\n\t\treturn",
			"stdlog.Fatalf(\"connection failed after %d bytes: %v\", n, err)", "")
		save("exit.json", goTestJSON(t, root, "stage01-echo"))
		keepFiles(t, root, exitedRoot, "stage01-echo/echo.go", "stage01-echo/README.md", "stage01-echo/HINTS.md")
	}

	if recording("no-cc.json") {
		// The reference under -race with a C compiler that is not there:
		// the race detector's cgo runtime does not build.
		root = copyTree(t)
		overlayReference(t, root, "stage01-echo")
		t.Setenv("CC", "gcc-not-installed")
		save("no-cc.json", goTestJSON(t, root, "stage01-echo", "-race"))
	}
}

// recordLockedRace records race-locked.json: the accept loop counts each
// connection under a mutex, and each handler takes one off without it.
// The race detector reports the access it caught second first; the run
// is kept only when that is the locked one, so that the saved report
// shows the case where the first stack holds the lock.
func recordLockedRace(t *testing.T, save func(string, []byte)) {
	t.Helper()
	for try := range 6 {
		root := copyTree(t)
		overlayReference(t, root, "stage01-echo")
		echo := filepath.Join(root, "stage01-echo", "echo.go")
		plant(t, echo, "\t\"net\"", "\t\"net\"\n\t\"sync\"", "")
		plant(t, echo, "go s.handle(conn)", "connectionsMu.Lock()\n\t\tconnections++\n\t\tconnectionsMu.Unlock()\n\t\tgo s.handle(conn)",
			"\n// connections counts the open connections; connectionsMu guards it.\nvar (\n\tconnectionsMu sync.Mutex\n\tconnections   int\n)\n")
		plant(t, echo, "defer conn.Close()", "defer conn.Close()\n\tdefer func() { connections-- }()", "")
		out := goTestJSON(t, root, "stage01-echo", "-race")
		st := stage{Num: 1, Dir: "stage01-echo", Name: "echo"}
		r := parseRun(st, out, nil, nil)
		r.Race = raceFailed
		if races := r.races(root); len(races) > 0 && len(races[0].Accesses) == 2 && races[0].Accesses[0].Held != "" {
			save("race-locked.json", out)
			keepFiles(t, root, lockedRoot, "stage01-echo/echo.go", "stage01-echo/README.md")
			return
		}
		t.Logf("try %d: the first race's first access is not the locked one; again", try+1)
	}
	require.Fail(t, "no run reported the locked access first")
}

// keepFiles copies files of the tree at root into the made-up workbook dst.
func keepFiles(t *testing.T, root, dst string, files ...string) {
	t.Helper()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(dst, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dst, f), b, 0o644))
	}
}

// rootCopies are the files of testdata/root that are copies of the real
// stage 01: the saved runs point at their lines.
var rootCopies = []string{"stage01-echo/echo.go", "stage01-echo/HINTS.md"}

// plant makes a mistake in file: it replaces the first old with new and
// appends tail.
func plant(t *testing.T, file, old, new, tail string) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	s := string(b)
	require.Contains(t, s, old, "%s has changed: cannot find %q to plant a mistake there", file, old)
	s = strings.Replace(s, old, new, 1) + tail
	require.NoError(t, os.WriteFile(file, []byte(s), 0o644))
}

// TestRootCopy: the copy of stage 01 in testdata/root is the real one, so
// that the saved outputs show what a student sees.
func TestRootCopy(t *testing.T) {
	root := repoRoot(t)
	for _, f := range rootCopies {
		want, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("testdata", "root", f))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "workbook/testdata/root/%s has drifted from %s: %s\n"+
			"Re-record: go test ./workbook -run TestRecordFixtures -record, then go test ./workbook -run TestSavedOutput -update, and read the diff.",
			f, f, lineDiff(string(want), string(got)))
	}
}
