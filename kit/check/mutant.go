package check

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Race marks a mistake that only the race detector sees: its checks
	// pass without it. Mutants tries it only in a test binary built with
	// -race (its children inherit the detector) and requires the report to
	// say RaceReport; the race report names no TODO, so Todo is not
	// checked there (the progress command finds it from the report's
	// stack). Tools that run mutants as external commands skip it.
	Race bool
	// Crashes marks a mistake that ends its own process (os.Exit, a panic
	// no one recovers). Run inside a test binary it would end the test too,
	// before any report, so the solutions' tests run it as an external
	// command (WORKBOOK_CMD), as a student's own server can be run.
	Crashes bool
}

// RaceReport is what the race detector prints when it finds a data race.
const RaceReport = "WARNING: DATA RACE"

// RaceEnabled reports whether this binary was built with -race.
const RaceEnabled = raceEnabled

const mutantEnv = "WORKBOOK_MUTANT"

// MutantsOnlyEnv, set to "race", limits Mutants to the mutants only the
// race detector sees (Race), so that one go test -race proves the
// references and those, and the others are proven in a quicker run
// without the detector.
const MutantsOnlyEnv = "WORKBOOK_MUTANTS_ONLY"

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
	// The children mostly wait on read deadlines, so several run at once,
	// more than t.Parallel would allow on a small machine; their verdicts
	// are then reported one subtest per mutant, in order.
	parent := t.Name()
	verdicts := make([]string, len(mutants))
	reports := make([]string, len(mutants))
	sem := make(chan struct{}, mutantsAtOnce)
	var wg sync.WaitGroup
	raceOnly := os.Getenv(MutantsOnlyEnv) == "race"
	for i, m := range mutants {
		switch {
		case m.Race && !RaceEnabled:
			verdicts[i] = skipNoRace
			continue
		case m.Race:
			m.Says, m.Todo = RaceReport, 0
		case raceOnly:
			verdicts[i] = skipNotRace
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			verdicts[i], reports[i] = judge(parent, m)
		})
	}
	wg.Wait()
	for i, m := range mutants {
		t.Run(m.Name, func(t *testing.T) {
			switch verdicts[i] {
			case skipNoRace:
				t.Skipf("mutant %q is caught only by the race detector: go test -race -run TestMutants", m.Name)
			case skipNotRace:
				t.Skipf("%s=race: only the race detector's mutants run", MutantsOnlyEnv)
			}
			if reason, ok := strings.CutPrefix(verdicts[i], skipMachine); ok {
				t.Skip(reason)
			}
			if verdicts[i] != "" {
				t.Error(verdicts[i])
				return
			}
			t.Logf("mutant %q is caught by %q, as a student would see it:\n%s", m.Name, m.Check, reports[i])
		})
	}
}

// skipNoRace marks a Race mutant in a binary without the race detector;
// skipNotRace, another mutant while MutantsOnlyEnv asks for Race ones;
// skipMachine starts the verdict of a mutant whose check kept skipping.
const (
	skipNoRace  = "\x00skip"
	skipNotRace = "\x00not-race"
	skipMachine = "\x00machine"
)

// skipRetries is how often a mutant's check is run while it skips.
const skipRetries = 3

// mutantsAtOnce is how many mutants' children run at the same time. Many
// spend most of their time waiting out a read deadline or a drain (a
// mutant that stops sending makes its check wait for bytes that never
// come), so more of them than cores keep the machine busy.
const mutantsAtOnce = 8

// judge runs mutant m's whole suite, up to its first failure, and then
// its check on its own unless that first failure was the check, in child
// processes of the test parent. It returns what is wrong with how the
// suite catches it, or "" if nothing is, and the check's report.
func judge(parent string, m Mutant) (verdict, report string) {
	name := parent + "/" + m.Check
	// A student who made this mistake must be sent to the code that holds
	// it, whichever check notices first: the whole suite's first failure
	// is judged too. Most often it is the check itself, and then its
	// report is already here.
	var suite string
	var err error
	if m.Todo != 0 {
		suite, err = runChild(m, "^"+regexp.QuoteMeta(parent)+"$", "-test.failfast")
	}
	out := suite
	if !strings.Contains(suite, "--- FAIL: "+name+" ") {
		out, err = runCheck(parent, m)
	}
	if verdict := judgeCheck(m, name, out, err); verdict != "" || m.Todo == 0 {
		return verdict, out
	}
	return firstFailure(m, suite), out
}

// runCheck runs mutant m's check alone. A check that skips (this machine
// could not set up what it tries) says nothing of the mutant: it is tried
// again, a few times, before the skip is reported.
func runCheck(parent string, m Mutant) (string, error) {
	pattern := "^" + regexp.QuoteMeta(parent) + "$"
	for part := range strings.SplitSeq(m.Check, "/") {
		pattern += "/^" + regexp.QuoteMeta(part) + "$"
	}
	skipped := "--- SKIP: " + parent + "/" + m.Check + " "
	var out string
	var err error
	for range skipRetries {
		out, err = runChild(m, pattern)
		if !strings.Contains(out, skipped) {
			break
		}
	}
	return out, err
}

// judgeCheck says what is wrong with how the check called name caught
// mutant m, given the output and error of a run that includes it, or ""
// if nothing is.
func judgeCheck(m Mutant, name, out string, err error) string {
	if !strings.Contains(out, "=== RUN   "+name) {
		return fmt.Sprintf("check %q did not run for mutant %q; is the name right?\n\n%s", m.Check, m.Name, out)
	}
	if strings.Contains(out, "--- SKIP: "+name+" ") {
		return skipMachine + fmt.Sprintf("check %q skipped itself %d times for mutant %q, so it could not be judged on this machine:\n\n%s",
			m.Check, skipRetries, m.Name, out)
	}
	// A mutant that crashes the process (log.Fatal, an unrecovered panic)
	// leaves no "--- FAIL" line, but it did not pass either.
	passed := strings.Contains(out, "--- PASS: "+name+" ")
	switch {
	case err == nil || passed:
		return fmt.Sprintf("mutant %q survived: check %q passed against it.\n\n%s", m.Name, m.Check, out)
	case !strings.Contains(out, m.Says):
		return fmt.Sprintf("mutant %q failed %q, but the report does not say %q:\n\n%s", m.Name, m.Check, m.Says, out)
	case m.Todo != 0 && !slices.Contains(reportedTodos(out, name), strconv.Itoa(m.Todo)) && !raceIn(out, name):
		return fmt.Sprintf("mutant %q failed %q, but the report does not point at TODO(%d):\n\n%s", m.Name, m.Check, m.Todo, out)
	}
	return ""
}

// raceIn reports whether the race detector stopped the test called name
// in out. A mistake that is a data race (a WaitGroup counted after Wait
// began, say) may be caught by the detector before the check's own
// report; the race report names no TODO, so as for a Race mutant the TODO
// is not checked (the progress command finds it from the report's stack).
func raceIn(out, name string) bool {
	_, after, ok := strings.Cut(out, "=== RUN   "+name+"\n")
	return ok && strings.Contains(after, RaceReport)
}

// firstFailure says so unless the first failure of suite, the output of
// mutant m's whole suite run with -test.failfast as the progress command
// shows it, points at m.Todo.
func firstFailure(m Mutant, suite string) string {
	first := todoAttrs(suite, "")
	if len(first) == 0 {
		first = crashTodos(suite) // a crash left no report: its own words
	}
	if len(first) == 0 {
		return "" // it crashed before any report; the check's own run showed the report
	}
	if first[0] != strconv.Itoa(m.Todo) {
		return fmt.Sprintf("mutant %q: the first failure of the whole suite points at TODO(%s), not TODO(%d):\n\n%s",
			m.Name, first[0], m.Todo, suite)
	}
	return ""
}

// reportedTodos returns the TODOs the report of the test called name
// points at: its todo attributes, or, when the process crashed in it
// (no "--- FAIL" line, so no report), the "Next step" of the crash's own
// words (a suite's deliberate panic says where to look).
func reportedTodos(out, name string) []string {
	if todos := todoAttrs(out, name); len(todos) > 0 || strings.Contains(out, "--- FAIL: "+name+" ") {
		return todos
	}
	return crashTodos(out)
}

// crashTodos returns the TODOs that the "Next step" lines of a crash's
// own words name: a suite's deliberate panic says where to look.
func crashTodos(out string) []string {
	var todos []string
	for _, m := range crashNextStep.FindAllStringSubmatch(out, -1) {
		todos = append(todos, m[1])
	}
	return todos
}

var crashNextStep = regexp.MustCompile(`Next step: open TODO\((\d+)\)`)

// todoAttr is the line go test -v prints for the todo attribute a failure
// report records (see AttrTodo): the test's name, then the TODO.
var todoAttr = regexp.MustCompile(`(?m)^=== ATTR  (\S+) ` + AttrTodo + ` (\d+)$`)

// todoAttrs returns, in order, the TODOs that the failure reports in a
// child's -test.v output point at: of the test called name, or of any
// test when name is "". The attribute, not the report's wording, is what
// a tool reads.
func todoAttrs(out, name string) []string {
	var todos []string
	for _, m := range todoAttr.FindAllStringSubmatch(out, -1) {
		if name == "" || m[1] == name {
			todos = append(todos, m[2])
		}
	}
	return todos
}

// runChild runs the test binary again with -test.run=pattern, the mutant
// selected, and extra flags; it returns the child's output and error.
func runChild(m Mutant, pattern string, extra ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The child runs with the parent's GOMAXPROCS: under go test -cpu 1,2
	// each mutant is judged at both, as the references are.
	procs := "-test.cpu=" + strconv.Itoa(runtime.GOMAXPROCS(0))
	args := append([]string{"-test.run=" + pattern, "-test.v", "-test.count=1", procs}, extra...)
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), mutantEnv+"="+m.Name, "GORACE="+childGorace())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// childGorace is the race detector's options for a mutant's child: the
// parent's, and no pause at exit. The detector sleeps a second before a
// process ends, for other threads to finish their reports; a child's
// report is read only after it has exited, and hundreds of children each
// waiting a second made a sweep minutes longer.
func childGorace() string {
	return strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
}

// SameMutants fails t unless the mutants a manifest lists are exactly the
// ones a mutants package builds: the keys of its maps of servers (a name
// listed twice, for two checks, counts once). It keeps the manifest and
// the package from drifting apart.
func SameMutants(t testing.TB, listed []Mutant, built ...iter.Seq[string]) {
	t.Helper()
	var want []string
	for _, m := range listed {
		if !slices.Contains(want, m.Name) {
			want = append(want, m.Name)
		}
	}
	var got []string
	for _, keys := range built {
		got = slices.AppendSeq(got, keys)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("the manifest lists the mutants %v,\nbut the mutants package builds %v", want, got)
	}
}
