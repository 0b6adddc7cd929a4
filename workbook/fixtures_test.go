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
)

var record = flag.Bool("record", false, "re-record testdata/runs from real go test runs on stage 01 (slow)")

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
	if err != nil {
		t.Fatal(err)
	}
	b = append(bytes.TrimRight(b, "\n"), '\n')
	line := bytes.Count(b, []byte("\n")) + 1
	b = append(b, "var broken int = \"not a number\"\n"...)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
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
		if err := copyGo(f, filepath.Join(root, stageDir, "mutants", filepath.Base(f)), stageDir); err != nil {
			t.Fatal(err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const serve, suite = "new(echo.Server).Serve(ln)", `"tcpworkbook/stage01-echo/echotest"`
	if !strings.Contains(s, serve) || !strings.Contains(s, suite) {
		t.Fatalf("stage01-echo/echo_test.go has changed: cannot find %q and %q to put the mutant in", serve, suite)
	}
	s = strings.Replace(s, serve, "mutants."+fn+"(ln)", 1)
	s = strings.Replace(s, suite, suite+"\n\t\"tcpworkbook/stage01-echo/mutants\"", 1)
	if err := os.WriteFile(test, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRecordFixtures(t *testing.T) {
	if !*record {
		t.Skip("only with -record")
	}
	save := func(name string, b []byte) {
		t.Helper()
		if len(b) == 0 {
			t.Fatalf("%s: go test printed nothing", name)
		}
		if err := os.WriteFile(filepath.Join(runsDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := copyTree(t)
	for _, f := range rootCopies {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "root", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	save("starter.json", goTestJSON(t, root, "stage01-echo"))
	breakCompile(t, filepath.Join(root, "stage01-echo", "echo.go"))
	save("compile-error.json", goTestJSON(t, root, "stage01-echo"))

	root = copyTree(t)
	overlayReference(t, root, "stage01-echo")
	save("reference.json", goTestJSON(t, root, "stage01-echo"))

	root = copyTree(t)
	installMutant(t, root, "WholeBuffer")
	save("mutant.json", goTestJSON(t, root, "stage01-echo"))

	// A panic in the starter's Serve, on the line that was "_ = s.handle",
	// so every other line stays where testdata/root has it.
	root = copyTree(t)
	plant(t, filepath.Join(root, "stage01-echo", "echo.go"), "_ = s.handle // delete this line once Serve calls handle",
		`var seen map[string]int; seen["conn"]++; _ = s.handle`, "")
	save("panic.json", goTestJSON(t, root, "stage01-echo"))

	root = copyTree(t)
	overlayReference(t, root, "stage01-echo")
	echo := filepath.Join(root, "stage01-echo", "echo.go")
	// A finished stage with a data race: the accept loop counts each
	// connection in a variable that each handler decrements, without a
	// lock. Only -race sees it.
	plant(t, echo, "go s.handle(conn)", "connections++\n\t\tgo s.handle(conn)", "\n// connections counts the open connections.\nvar connections int\n")
	plant(t, echo, "defer conn.Close()", "defer conn.Close()\n\tdefer func() { connections-- }()", "")
	save("race.json", goTestJSON(t, root, "stage01-echo", "-race"))
	for _, f := range []string{"stage01-echo/echo.go", "stage01-echo/README.md"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(finishedRoot, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(finishedRoot, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has changed: cannot find %q to plant a mistake there", file, old)
	}
	s = strings.Replace(s, old, new, 1) + tail
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRootCopy: the copy of stage 01 in testdata/root is the real one, so
// that the saved outputs show what a student sees.
func TestRootCopy(t *testing.T) {
	root := repoRoot(t)
	for _, f := range rootCopies {
		want, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("testdata", "root", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("workbook/testdata/root/%s has drifted from %s: %s\n"+
				"Re-record: go test ./workbook -run TestRecordFixtures -record, then go test ./workbook -run TestSavedOutput -update, and read the diff.",
				f, f, lineDiff(string(want), string(got)))
		}
	}
}
