package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	kit "tcpworkbook/kit/check"
	"tcpworkbook/kit/starters"
)

// stressCPUs are the -cpu values -stress goes round: one P finds what
// depends on a goroutine being preempted, four what needs true
// parallelism.
var stressCPUs = []string{"1", "2", "4"}

// stressRun is one run of -stress: which -cpu and shuffle seed it used.
type stressRun struct {
	cpu  string
	seed int64
}

// stresser runs a stage's checks many times under the race detector, in a
// different order and with a different -cpu each time, and says which
// checks ever failed: a race or an ordering bug that shows once in twenty
// runs shows here, not after the stage was called done.
type stresser struct {
	out    *printer
	run    func(ctx context.Context, st stage, r stressRun) *stageResult
	invoke string
	seed   int64 // the first run's seed; each run adds its number
}

// stressRunner runs go test -race with the run's -cpu and shuffle seed.
func stressRunner(root string) func(context.Context, stage, stressRun) *stageResult {
	return func(ctx context.Context, st stage, r stressRun) *stageResult {
		g := goTest{root: root, extra: []string{"-cpu", r.cpu}, env: []string{kit.ShuffleEnv + "=" + strconv.FormatInt(r.seed, 10)}}
		return g.runOnce(ctx, st, true)
	}
}

// checkTally is what -stress learned of one check.
type checkTally struct {
	path       string
	passed     int
	ran        int
	firstFail  string    // the first failure's message
	failedWith stressRun // and the run it came in
}

// stress runs st n times and prints the tally; it returns the exit status:
// 0 when every check passed every run.
func (s stresser) stress(ctx context.Context, st stage, n int) int {
	p := s.out
	p.printf("%s\n", p.bold.Sprintf("Stage %02d %s, %d runs under the race detector, -cpu %s in turn, the checks in a shuffled order",
		st.Num, st.Name, n, strings.Join(stressCPUs, ",")))
	var order []string
	tally := map[string]*checkTally{}
	unrun := 0 // runs that did not get as far as the checks
	for i := range n {
		r := stressRun{cpu: stressCPUs[i%len(stressCPUs)], seed: s.seed + int64(i)}
		res := s.run(ctx, st, r)
		if ctx.Err() != nil {
			return 130
		}
		pass, total, _ := res.Counts()
		line := fmt.Sprintf("  run %2d of %d (-cpu %s, shuffle %d): %d of %d checks passed", i+1, n, r.cpu, r.seed, pass, total)
		if res.Status == broken || res.Status == buildFailed {
			unrun++
			line += ": the run itself failed (" + firstLine(strings.TrimSpace(res.Problem)) + ")"
		}
		p.printf("%s\n", line)
		for _, c := range res.Checks {
			t := tally[c.Path]
			if t == nil {
				t = &checkTally{path: c.Path}
				tally[c.Path] = t
				order = append(order, c.Path)
			}
			switch c.Action {
			case "pass":
				t.ran++
				t.passed++
			case "fail":
				t.ran++
				if t.firstFail == "" {
					t.firstFail, t.failedWith = res.FailureText(c), r
				}
			}
		}
	}
	slices.Sort(order) // the runs were shuffled: show the checks in one fixed order
	return s.summary(st, order, tally, unrun)
}

// summary prints each check's pass count, then the first failure of each
// check that failed at least once, with the command that replays its run.
func (s stresser) summary(st stage, order []string, tally map[string]*checkTally, unrun int) int {
	p := s.out
	p.printf("\n")
	var flaky []*checkTally
	for _, path := range order {
		t := tally[path]
		mark := p.green.Sprint("✓")
		if t.passed < t.ran {
			mark = p.red.Sprint("✗")
			flaky = append(flaky, t)
		}
		p.printf(" %s %-40s passed %d of %d\n", mark, t.path, t.passed, t.ran)
	}
	if len(flaky) == 0 && unrun == 0 {
		p.printf("\n%s\n", p.green.Sprint("Every check passed every run."))
		return 0
	}
	var always []string
	for _, t := range flaky {
		if t.passed == 0 {
			always = append(always, t.path)
			continue
		}
		p.printf("\n%s\n", p.hi.Sprintf("%s failed %d of %d runs; the first time:", t.path, t.ran-t.passed, t.ran))
		p.printf("%s\n", indent(foldMessage(t.firstFail), "  "))
		p.printf("%s\n", p.dim.Sprintf("Replay that run: %s=%d go test -race -cpu %s ./%s/... -run '%s'",
			kit.ShuffleEnv, t.failedWith.seed, t.failedWith.cpu, st.Dir, runPattern(t.path)))
	}
	if len(always) > 0 {
		p.printf("\n%s\n", p.hi.Sprintf("Failed every run, so not a flaky failure: %s.", strings.Join(always, ", ")))
		p.printf("%s\n", p.dim.Sprintf("%s -stage %d shows the first of them in full, with its TODO and hints.", s.invoke, st.Num))
	}
	return 1
}

// foldMessage keeps a failure's message readable here: its first lines.
func foldMessage(msg string) string {
	lines := strings.Split(strings.TrimRight(msg, "\n"), "\n")
	const keep = 30
	if len(lines) > keep {
		lines = append(lines[:keep:keep], fmt.Sprintf("… %d more lines", len(lines)-keep))
	}
	return strings.Join(lines, "\n")
}

// stressStage is the stage -stress runs: the one -stage names, or else the
// last stage whose files are no longer the starter's, the one the student
// has been working on.
func stressStage(root string, stages []stage, arg string) (stage, error) {
	if arg != "" {
		return pickStage(stages, arg)
	}
	for i := len(stages) - 1; i >= 0; i-- {
		if same, ok := starters.AsItCame(root, stages[i].Dir); ok && !same {
			return stages[i], nil
		}
	}
	return stage{}, errors.New("every stage is as it came: name the one to stress with -stage N")
}
