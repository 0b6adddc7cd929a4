package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Mutant is a known-wrong server: one common mistake, and the check that
// must catch it.
type Mutant struct {
	Name  string // a short name for the mistake, used as the subtest name
	Check string // the case that must fail, as in go test -run: "binary" or "ChatA/order"
	Says  string // if set, text the failure report must contain
	// Todo, if set, is the TODO the failure must point at: where a student
	// who made this mistake has to look.
	Todo int
}

const mutantEnv = "WORKBOOK_MUTANT"

// Mutants proves that each mutant fails its check. For each one it runs the
// current test binary again, with only that check selected, and with
// run(t, name) as the test body; the check must fail there.
//
// Running the suite in a child process is what lets a failure be the
// expected outcome: in the child, the suite fails exactly as a student
// would see it, and the parent reads that verdict.
//
// Call it from a test function of its own:
//
//	func TestMutants(t *testing.T) {
//		check.Mutants(t, mutants, func(t *testing.T, name string) { suite.Run(t, impls[name]) })
//	}
func Mutants(t *testing.T, mutants []Mutant, run func(t *testing.T, name string)) {
	if name := os.Getenv(mutantEnv); name != "" {
		run(t, name)
		return
	}
	for _, m := range mutants {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel() // the children mostly wait on timeouts
			out, failed := runMutant(t, m)
			if !failed {
				t.Errorf("mutant %q survived: check %q passed against it.\n\n%s", m.Name, m.Check, out)
				return
			}
			if !strings.Contains(out, m.Says) {
				t.Errorf("mutant %q failed %q, but the report does not say %q:\n\n%s", m.Name, m.Check, m.Says, out)
			}
			if want := fmt.Sprintf("Next step: open TODO(%d) ", m.Todo); m.Todo != 0 && !strings.Contains(out, want) {
				t.Errorf("mutant %q failed %q, but the report does not point at TODO(%d):\n\n%s", m.Name, m.Check, m.Todo, out)
			}
			t.Logf("mutant %q is caught by %q, as a student would see it:\n%s", m.Name, m.Check, out)
		})
	}
}

// runMutant runs one mutant's check in a child process and reports its
// output and whether that check failed.
func runMutant(t *testing.T, m Mutant) (string, bool) {
	parent := t.Name()[:strings.Index(t.Name(), "/")]
	pattern := "^" + regexp.QuoteMeta(parent) + "$"
	for part := range strings.SplitSeq(m.Check, "/") {
		pattern += "/^" + regexp.QuoteMeta(part) + "$"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+pattern, "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), mutantEnv+"="+m.Name)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()

	text := out.String()
	name := parent + "/" + m.Check
	if !strings.Contains(text, "=== RUN   "+name) {
		t.Fatalf("check %q did not run for mutant %q; is the name right?\n\n%s", m.Check, m.Name, text)
	}
	// A mutant that crashes the process (log.Fatal, an unrecovered panic)
	// leaves no "--- FAIL" line, but it did not pass either.
	passed := strings.Contains(text, "--- PASS: "+name+" ") || strings.Contains(text, "--- SKIP: "+name+" ")
	return text, err != nil && !passed
}
