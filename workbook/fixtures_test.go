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
// are recorded from stage 01 by TestRecordFixtures:
//
//	go test ./workbook -run TestRecordFixtures -record
//
// nested.json and panic.json were recorded once from small made-up
// suites: a nested failure with a skip, and a check that panics.
const runsDir = "testdata/runs"

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

// installMutant puts a stage 01 mutant in the tree at root: the stage's
// test runs the suite on mutants.<fn>, as the solutions' own tests do,
// instead of on the starter's Serve. The starter, TODO comments and all,
// stays, as in the code of a student who made that mistake.
func installMutant(t *testing.T, root, fn string) {
	t.Helper()
	const stageDir = "stage01-echo"
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
	test := filepath.Join(root, stageDir, "echo_test.go")
	b, err := os.ReadFile(test)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const serve, suite = "Serve: new(echo.Server).Serve", `"tcpworkbook/stage01-echo/echotest"`
	if !strings.Contains(s, serve) || !strings.Contains(s, suite) {
		t.Fatalf("stage01-echo/echo_test.go has changed: cannot find %q and %q to put the mutant in", serve, suite)
	}
	s = strings.Replace(s, serve, "Serve: mutants."+fn, 1)
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
	save("starter.json", goTestJSON(t, root, "stage01-echo"))
	breakCompile(t, filepath.Join(root, "stage01-echo", "echo.go"))
	save("compile-error.json", goTestJSON(t, root, "stage01-echo"))

	root = copyTree(t)
	overlayReference(t, root, "stage01-echo")
	save("reference.json", goTestJSON(t, root, "stage01-echo"))

	root = copyTree(t)
	installMutant(t, root, "WholeBuffer")
	save("mutant.json", goTestJSON(t, root, "stage01-echo"))
}
