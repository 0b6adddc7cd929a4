package main

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"tcpworkbook/review"

	kit "tcpworkbook/kit/check"
	"tcpworkbook/kit/gotest"
)

// status is where a stage stands after its suite has run.
type status int

const (
	notWritten  status = iota // no tests yet: nothing to pass or fail
	passed                    // every check that ran passed
	failed                    // at least one check, or the test binary, failed
	buildFailed               // the code does not compile
	broken                    // go test could not run, or had to be stopped
	notStarted                // its files are the starter's, and an earlier stage's are too: not run
)

// check is one test as go test -json reported it.
type check struct {
	Test   string // the go test name: "TestEcho/short"
	Path   string // the name students see and HINTS.md uses: "Echo/short"
	Action string // pass, fail or skip; "run" if it never finished
	output strings.Builder
	parent bool // it has subtests; only leaves are checks
	// attrs are the test attributes it recorded (go test -json "attr"
	// events): a failing check names its TODO there ("todo", "todo-file")
	// and, when the suite recognised the mistake, a "symptom".
	attrs   map[string]string
	Elapsed float64 // seconds, as go test reported it
}

// Attr is the value of a test attribute the check recorded, or "".
func (c *check) Attr(key string) string { return c.attrs[key] }

// Output is everything the test printed, framing lines included.
func (c *check) Output() string { return c.output.String() }

// raceVerdict is what the race detector said of a stage.
type raceVerdict int

const (
	raceNotRun  raceVerdict = iota // the stage did not pass without it, so it was not asked
	raceClean                      // the stage passed under -race too
	raceFailed                     // this result is the run under -race, and it failed
	raceMissing                    // go test could not use -race here (RaceNote says why)
	raceRunning                    // the stage passed without it; the run under -race has not ended yet
)

// stageResult is what one run of a stage's suite found.
type stageResult struct {
	Stage       stage
	Status      status
	Race        raceVerdict
	RaceNote    string   // why the race detector could not run
	Checks      []*check // the leaves, in the order they started
	BuildErrors []string // file:line: message, for a stage that does not compile
	// Vet is set when what stopped the build is go vet, which go test
	// runs before the tests: the code compiles, but vet found a mistake.
	Vet     bool
	Problem string           // what went wrong outside any check, if anything
	Review  []review.Finding // the pitfall review of a passing stage
	// NoCC is set when the build failed in Go's cgo runtime, not in the
	// student's code: the C compiler that -race needs is missing or
	// broken. Problem then holds go's own words.
	NoCC bool
	// Exited is the check that was running when the test process ended
	// without a panic, a timeout or a test failure: a log.Fatal or an
	// os.Exit in the server. The checks after it never ran.
	Exited *check
	tests  []*check // every test, parents too
}

// FailureText is what to show for a failed check: its own message or, if
// it printed none (a panic is reported by the test above it), the nearest
// enclosing test's, or what the binary printed outside any test.
func (r *stageResult) FailureText(c *check) string {
	if msg := message(c.Output()); msg != "" {
		return msg
	}
	for name := c.Test; strings.Contains(name, "/"); {
		name = name[:strings.LastIndexByte(name, '/')]
		for _, t := range r.tests {
			if t.Test == name {
				if msg := message(t.Output()); msg != "" {
					return msg
				}
			}
		}
	}
	return r.Problem
}

// Counts returns how many checks passed, how many count and how many
// were skipped. A check held back until an earlier one passes still counts
// (it is work to do); one skipped for its environment (no IPv6, an external
// server) does not.
func (r *stageResult) Counts() (pass, total, skipped int) {
	for _, c := range r.Checks {
		switch c.Action {
		case "skip":
			skipped++
			if !heldBack(c) {
				continue
			}
		case "pass":
			pass++
		}
		total++
	}
	return pass, total, skipped
}

// heldBack reports whether a skipped check is waiting for an earlier one,
// as the suite records in an attribute (kit.AttrHeldBack).
func heldBack(c *check) bool {
	return c.attrs[kit.AttrHeldBack] != ""
}

// FirstFailure is the first check that did not pass, or nil.
func (r *stageResult) FirstFailure() *check {
	for _, c := range r.Checks {
		if c.Action == "fail" {
			return c
		}
	}
	return nil
}

// parseRun turns the output of `go test -json` on one stage into a result.
// stderr is whatever go test printed outside the JSON stream, and exitErr
// its exit error, if any.
func parseRun(st stage, stdout, stderr []byte, exitErr error) *stageResult {
	r := &stageResult{Stage: st}
	tests := map[string]*check{} // by package + "\x00" + test
	var order []*check
	var pkgOutput strings.Builder
	var buildOut []string
	pkgFailed, buildFail, cgoFailed := false, false, false
	var loose []string    // stdout lines that are not JSON
	var lastOutput *check // the test that printed last

	gotest.Decode(bytes.NewReader(stdout), func(ev gotest.Event) {
		switch ev.Action {
		case "build-output":
			buildOut = append(buildOut, ev.Output)
			if cgoPackage(ev.ImportPath) {
				cgoFailed = true
			}
			return
		case "build-fail":
			buildFail = true
			if cgoPackage(ev.ImportPath) {
				cgoFailed = true
			}
			return
		}
		if ev.Package != "" && path.Base(ev.Package) != st.Dir {
			// A package inside the stage, such as stage 06's load
			// generator, may have unit tests of its own. They are the
			// maintainers' business, not checks of the student's server.
			return
		}
		if ev.Test == "" {
			switch ev.Action {
			case "output":
				pkgOutput.WriteString(ev.Output)
			case "fail":
				pkgFailed = true
				if ev.FailedBuild != "" {
					buildFail = true
					cgoFailed = cgoFailed || cgoPackage(ev.FailedBuild)
				}
			}
			return
		}
		key := ev.Package + "\x00" + ev.Test
		c := tests[key]
		if c == nil {
			c = &check{Test: ev.Test, Path: checkPath(ev.Test), Action: "run"}
			tests[key] = c
			order = append(order, c)
			// The parent is the nearest test whose name is a prefix: a
			// subtest may be named with a slash, t.Run("Lines/echo", …),
			// and then "TestFraming/Lines" does not exist.
			for name := ev.Test; strings.Contains(name, "/"); {
				name = name[:strings.LastIndexByte(name, '/')]
				if p := tests[ev.Package+"\x00"+name]; p != nil {
					p.parent = true
					break
				}
			}
		}
		switch ev.Action {
		case "output":
			c.output.WriteString(ev.Output)
			lastOutput = c
		case "pass", "fail", "skip":
			c.Action = ev.Action
			c.Elapsed = ev.Elapsed
		case "attr":
			if c.attrs == nil {
				c.attrs = map[string]string{}
			}
			c.attrs[ev.Key] = ev.Value
		}
	}, func(line string) {
		if s := strings.TrimSpace(line); s != "" {
			loose = append(loose, s)
		}
	})

	r.tests = order
	// Leaves are the checks. A parent that failed with no failing leaf
	// under it failed on its own (a cleanup, a leak check), so it counts.
	for _, c := range order {
		if !c.parent {
			r.Checks = append(r.Checks, c)
			continue
		}
		if c.Action == "fail" && !anyFailedUnder(order, c.Test) {
			r.Checks = append(r.Checks, c)
		}
	}
	problem := packageProblem(pkgOutput.String())
	if pkgFailed && !buildFail {
		r.Exited = exitedDuring(r.Checks, lastOutput, problem)
	}
	// A check that never finished was cut short by a crash or a timeout.
	for _, c := range r.Checks {
		if c.Action == "run" {
			c.Action = "fail"
		}
	}

	switch {
	case buildFail && (cgoFailed || cCompilerTrouble.MatchString(strings.Join(buildOut, ""))):
		// The race detector needs cgo, and cgo a C compiler: that the
		// compiler is missing says nothing of the student's code.
		r.Status, r.NoCC = broken, true
		r.Problem = strings.Join(buildErrors(buildOut), "\n")
		if r.Problem == "" {
			r.Problem = strings.TrimSpace(string(stderr))
		}
	case buildFail || len(buildOut) > 0 && pkgFailed && len(r.Checks) == 0:
		r.Status = buildFailed
		r.BuildErrors = buildErrors(buildOut)
		if len(r.BuildErrors) == 0 {
			r.BuildErrors = nonEmptyLines(problem + "\n" + string(stderr))
		}
	case len(r.Checks) == 0 && !pkgFailed && exitErr == nil:
		r.Status = notWritten
	case len(r.Checks) == 0 && !pkgFailed:
		// go test itself failed: a bad go.work, a missing module...
		r.Status = broken
		r.Problem = strings.TrimSpace(strings.Join(append(loose, nonEmptyLines(string(stderr))...), "\n"))
		if r.Problem == "" {
			r.Problem = exitErr.Error()
		}
	case pkgFailed || r.FirstFailure() != nil:
		// Problem holds what the binary printed outside any check: a
		// panic's stack or a leak report. It is shown when no check
		// explains the failure.
		r.Status = failed
		r.Problem = problem
		if r.Problem == "" {
			r.Problem = strings.TrimSpace(string(stderr))
		}
	default:
		r.Status = passed
	}
	return r
}

// exitedDuring is the check that was running when the test binary ended
// on its own: a check that never finished, with no panic, fatal error or
// timeout anywhere to explain it (those print a stack). That is what
// log.Fatal or os.Exit in the server does. Of several unfinished checks,
// it is the one that printed last; nil if none fits.
func exitedDuring(checks []*check, lastOutput *check, problem string) *check {
	var unfinished []*check
	for _, c := range checks {
		if c.Action == "run" {
			if crashed(c.Output()) {
				return nil
			}
			unfinished = append(unfinished, c)
		}
	}
	if len(unfinished) == 0 || crashed(problem) {
		return nil
	}
	for _, c := range unfinished {
		if c == lastOutput {
			return c
		}
	}
	return unfinished[len(unfinished)-1]
}

// crashed reports whether output holds a panic, a fatal runtime error,
// go test's timeout or a signal: an end with its own explanation.
func crashed(output string) bool {
	for _, l := range strings.Split(output, "\n") {
		l = strings.TrimSpace(l)
		if panicLine.MatchString(l) || strings.HasPrefix(l, "signal: ") || strings.HasPrefix(l, "SIG") ||
			strings.Contains(l, "test timed out") || raceStart.MatchString(l) {
			return true
		}
	}
	return false
}

// lastLogLine is the last line a check printed before the process ended,
// go test's framing left out, or "".
func lastLogLine(c *check) string {
	lines := nonEmptyLines(c.Output())
	for i := len(lines) - 1; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); !isFraming(t) {
			return t
		}
	}
	return ""
}

// cgoPackage reports whether a package that failed to build is Go's own
// cgo or race runtime, which fails when the C compiler does.
func cgoPackage(importPath string) bool {
	return importPath == "runtime/cgo" || importPath == "runtime/race" || strings.HasPrefix(importPath, "runtime/cgo ")
}

// cCompilerTrouble matches what go prints when it cannot run the C
// compiler: `cgo: C compiler "gcc" not found: exec: "gcc": executable
// file not found in $PATH`, or cgo's own exit status.
var cCompilerTrouble = regexp.MustCompile(`cgo: C compiler|C compiler "[^"]*" not found|exec: "[^"]*": executable file not found|/cgo: exit status`)

func anyFailedUnder(all []*check, parent string) bool {
	for _, c := range all {
		if !c.parent && c.Action != "pass" && c.Action != "skip" && strings.HasPrefix(c.Test, parent+"/") {
			return true
		}
	}
	return false
}

// checkPath is the name of a test as students see it: the test function
// without "Test", then its subtests. "TestEcho/short" becomes "Echo/short".
func checkPath(test string) string {
	first, rest, found := strings.Cut(test, "/")
	if s := strings.TrimPrefix(first, "Test"); s != "" {
		first = s
	}
	if found {
		return first + "/" + rest
	}
	return first
}

// packageProblem keeps what a test binary printed outside any test (a
// panic, a leak report from TestMain) and drops go test's summary lines.
func packageProblem(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "", t == "PASS", t == "FAIL",
			strings.HasPrefix(t, "ok "), strings.HasPrefix(t, "ok\t"),
			strings.HasPrefix(t, "FAIL\t"), strings.HasPrefix(t, "?   \t"), strings.HasPrefix(t, "?\t"),
			strings.HasPrefix(t, "testing: warning: no tests to run"):
			continue
		}
		keep = append(keep, strings.TrimRight(l, " \t"))
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// buildErrors keeps the compiler's file:line: message lines, in order and
// once each (a package and its test variant report the same error).
func buildErrors(out []string) []string {
	seen := map[string]bool{}
	var lines []string
	for _, l := range strings.Split(strings.Join(out, ""), "\n") {
		l = strings.TrimRight(l, " \t\r")
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "# ") || seen[t] {
			continue
		}
		seen[t] = true
		lines = append(lines, t)
	}
	return lines
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, " \t\r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
