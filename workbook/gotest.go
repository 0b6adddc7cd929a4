package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

const (
	// testTimeout is go test's own -timeout: far beyond any suite, whose
	// watchdogs end a hung check in seconds. If it fires, go test prints
	// the stacks of the hung test.
	testTimeout = 4 * time.Minute
	// lastResort stops go test itself, should even that not end it.
	lastResort = testTimeout + 30*time.Second
)

// goTest runs a stage's suite with go test -json from the root and parses
// what it reports.
type goTest struct {
	root     string
	failFast bool // stop at the first failing check (the command's own tests)
	noRace   bool // skip the confirming run under the race detector
	// extra are more go test flags (-stress's -cpu), env more variables
	// for it (-stress's shuffle seed).
	extra, env []string
}

// run judges a stage (see verdict) and, when it passes, reviews its code
// for the pitfalls the checks cannot see: the findings are shown as
// "passes, but", and never change the verdict.
func (g goTest) run(ctx context.Context, st stage) *stageResult {
	return g.reviewed(ctx, st, g.verdict(ctx, st))
}

// reviewed adds the pitfall review to a result that passed.
func (g goTest) reviewed(ctx context.Context, st stage, r *stageResult) *stageResult {
	if r.Status == passed && r.Race != raceRunning && ctx.Err() == nil {
		r.Review = reviewStage(g.root, st)
	}
	return r
}

// staged is the run in its two steps, for -watch: first the verdict
// without the race detector, shown at once; then, for a stage that passed,
// the run under it, and the review.
func (g goTest) staged() (first func(context.Context, stage) *stageResult, confirm func(context.Context, stage, *stageResult) *stageResult) {
	first = func(ctx context.Context, st stage) *stageResult { return g.reviewed(ctx, st, g.first(ctx, st)) }
	confirm = func(ctx context.Context, st stage, r *stageResult) *stageResult {
		return g.reviewed(ctx, st, g.confirm(ctx, st, r))
	}
	return first, confirm
}

// verdict runs a stage's suite, then, if it passed, runs it again under
// the race detector: a stage passes only if it also passes there. The
// first run is without it because most runs fail somewhere, and the race
// detector's build and slower checks would only delay that failure.
func (g goTest) verdict(ctx context.Context, st stage) *stageResult {
	r := g.first(ctx, st)
	if r.Race != raceRunning {
		return r
	}
	return g.confirm(ctx, st, r)
}

// first is the run without the race detector: -watch shows it at once,
// marked raceRunning when it passed and the race run is still to come.
func (g goTest) first(ctx context.Context, st stage) *stageResult {
	r := g.runOnce(ctx, st, false)
	if r.Status == passed && !g.noRace {
		r.Race = raceRunning
	}
	return r
}

// confirm runs a stage that passed (r, from first) again under the race
// detector, and returns the verdict, reviewed when it passes.
func (g goTest) confirm(ctx context.Context, st stage, r *stageResult) *stageResult {
	r.Race = raceNotRun
	rr := g.runOnce(ctx, st, true)
	switch {
	case raceUnavailable(rr):
		r.Race = raceMissing
		r.RaceNote, r.NoCC = rr.Problem, rr.NoCC
		return r
	case rr.Status == passed:
		r.Race = raceClean
		return r
	case rr.Status == broken && ctx.Err() != nil:
		return rr
	}
	rr.Race = raceFailed
	return rr
}

// raceUnavailable reports whether go test refused -race itself: no cgo,
// no working C compiler, or a platform the race detector does not support.
func raceUnavailable(r *stageResult) bool {
	return r.Status == broken && (r.NoCC || strings.Contains(r.Problem, "-race"))
}

func (g goTest) runOnce(ctx context.Context, st stage, race bool) *stageResult {
	if _, err := os.Stat(filepath.Join(g.root, st.Dir)); err != nil {
		return &stageResult{Stage: st, Status: notWritten}
	}
	ctx, cancel := context.WithTimeout(ctx, lastResort)
	defer cancel()

	args := []string{"test", "-json", "-count=1", "-timeout=" + testTimeout.String()}
	if g.failFast {
		args = append(args, "-failfast")
	}
	if race {
		args = append(args, "-race")
	}
	args = append(args, g.extra...)
	args = append(args, "./"+st.Dir+"/...")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = g.root
	cmd.Env = append(os.Environ(), g.env...)
	if work := filepath.Join(g.root, "go.work"); fileExists(work) {
		// The workbook's go.work, whatever the caller's GOWORK says.
		cmd.Env = append(cmd.Env, "GOWORK="+work)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	ownProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()

	var exitErr *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r := parseRun(st, stdout.Bytes(), stderr.Bytes(), err)
		r.Status, r.Exited = broken, nil // it was stopped, not ended by the server
		r.Problem = fmt.Sprintf("go test was still running after %v and was stopped. A check is stuck somewhere its watchdog cannot reach.", lastResort)
		return r
	case err != nil && !errors.As(err, &exitErr):
		return &stageResult{Stage: st, Status: broken, Problem: "could not run go test: " + err.Error()}
	}
	r := parseRun(st, stdout.Bytes(), stderr.Bytes(), err)
	if ctx.Err() != nil {
		r.Exited = nil // interrupted (Ctrl+C): the output stops because it was stopped
	}
	if r.Status == buildFailed {
		r.Vet = g.builds(ctx, cmd.Env, st)
	}
	return r
}

// builds reports whether the stage's packages compile. go test prints go
// vet's findings under the same "# package" heading as the compiler's
// errors; when the code compiles, what stopped the tests was vet.
func (g goTest) builds(ctx context.Context, env []string, st stage) bool {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", os.DevNull, "./"+st.Dir+"/...")
	cmd.Dir, cmd.Env = g.root, env
	return cmd.Run() == nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
