// Command workbook shows where you are in the workbook: it runs each
// stage's checks against your code, lists what passes, and for the first
// check that fails shows its message, the TODO to open and a hint.
//
// From the root of the workbook:
//
//	go run ./workbook             every stage; details for the first unfinished one
//	go run ./workbook -stage 2    only stage 02, every check
//	go run ./workbook -all        every check of every stage
//	go run ./workbook -hint       a longer hint for the first failing check (-hint=3: longer still)
//	go run ./workbook -watch      re-run the current stage whenever one of its .go files is saved
//
// Progress comes only from the test results: nothing is stored between
// runs. The exit status is 0 when every selected stage passes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"tcpworkbook/kit/starters"
)

// invocation is how students run this command, used in suggestions.
const invocation = "go run ./workbook"

// stdin answers -reset's question; tests replace it.
var stdin io.Reader = os.Stdin

// newRunner returns what runs one stage's checks; tests replace it.
var newRunner = func(root string, noRace bool) func(context.Context, stage) *stageResult {
	return goTest{root: root, noRace: noRace}.run
}

// newStaged returns the same run in its two steps, for -watch (see
// goTest.staged); nil makes -watch use newRunner's, as tests that replace
// it do.
var newStaged = func(root string, noRace bool) (func(context.Context, stage) *stageResult, func(context.Context, stage, *stageResult) *stageResult) {
	return goTest{root: root, noRace: noRace}.staged()
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	tty := isatty.IsTerminal(os.Stdout.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd())
	// color.NoColor is already true under NO_COLOR, TERM=dumb, or when
	// stdout is not a terminal; color.Output copes with Windows consoles.
	code := cli(ctx, os.Args[1:], color.Output, os.Stderr, !color.NoColor, tty)
	stop()
	os.Exit(code)
}

// hintLevel is the -hint flag: bare, it asks for the second hint; -hint=N
// asks for the first N.
type hintLevel int

func (h *hintLevel) String() string { return strconv.Itoa(int(*h)) }

func (h *hintLevel) IsBoolFlag() bool { return true }

func (h *hintLevel) Set(s string) error {
	switch s {
	case "true":
		*h = 2
		return nil
	case "false":
		*h = 1
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return errors.New("want -hint or -hint=N with N at least 1")
	}
	*h = hintLevel(n)
	return nil
}

// cli runs the command with args and returns its exit status. colour
// turns colour on; tty allows a status line and clearing the screen.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer, colour, tty bool) int {
	fs := flag.NewFlagSet("workbook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stageArg := fs.String("stage", "", "check only this stage: a number (2), a name (framing) or a folder (stage02-framing)")
	all := fs.Bool("all", false, "list every check of every stage")
	hint := hintLevel(1)
	fs.Var(&hint, "hint", "show a longer hint for the first failing check; -hint=N shows the first N")
	watch := fs.Bool("watch", false, "re-run the current stage each time one of its .go files is saved")
	poll := fs.Bool("poll", false, "with -watch: look for changes every second instead of waiting for file events")
	race := fs.Bool("race", true, "confirm each passing stage under the race detector (go test -race); -race=false skips that")
	root := fs.String("root", "", "the workbook's root folder (default: the folder holding go.work, found from the current one)")
	// The checks mostly wait on the network, so stages run side by side
	// even on two cores: all six at once take about as long as the slowest.
	jsonOut := fs.Bool("json", false, "write the results as one JSON document instead of the checklist (see workbook/README.md)")
	jobs := fs.Int("jobs", max(6, runtime.NumCPU()), "how many stages to test at once")
	reviewOnly := fs.Bool("review", false, "review the code of every stage (or of -stage N) for the lecture's pitfalls, as go vet does")
	grade := fs.Bool("classroom", false, "for instructors: print the result for GitHub Classroom's grading reporter, a point per check (see classroom/README.md)")
	class := fs.String("class", "", "for instructors: report on a `folder` of students' -json results, one NAME.json per student")
	csvOnly := fs.Bool("csv", false, "with -class: print only the table, as CSV")
	demoStageArg := fs.String("demo", "", "for instructors: run this `stage`'s reference server on every interface, for students to join")
	port := fs.Int("port", 8080, "with -demo: the port to listen on")
	resetArg := fs.String("reset", "", "put this `stage`'s files back as they came, after saving yours under "+backupDir+"/")
	yes := fs.Bool("yes", false, "with -reset: do not ask first")
	stressRuns := fs.Int("stress", 0, "run the stage's checks this many times under the race detector, -cpu 1,2,4 in turn and shuffled, and say which ever failed")
	htmlOut := fs.String("html", "", "also write the run as one self-contained HTML `file`, with a sequence diagram of each failing check's traffic")
	compareArg := fs.String("compare", "", "once this `stage` passes, show each TODO's functions in your code next to the reference's")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s [flags]\n\n", invocation)
		fmt.Fprintf(stderr, "Runs every stage's checks against your code and shows where you are:\n")
		fmt.Fprintf(stderr, "what passes, the first failure, the TODO to open and a hint.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "workbook: unexpected argument %q (try -stage %s)\n", fs.Arg(0), fs.Arg(0))
		return 2
	}
	if *poll && !*watch {
		*watch = true
	}
	if (*jsonOut || *grade) && *watch {
		fmt.Fprintln(stderr, "workbook: -json and -classroom write one result; they do not go with -watch")
		return 2
	}
	if *class != "" {
		return classReport(stdout, stderr, *class, *csvOnly)
	}
	if _, err := exec.LookPath("go"); err != nil {
		fmt.Fprintf(stderr, "workbook: the go command is not on your PATH: %v\n", err)
		return 2
	}

	dir, err := findRoot(*root)
	if err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 2
	}
	if *demoStageArg != "" {
		return runDemo(ctx, stdout, stderr, dir, *demoStageArg, *port)
	}
	stages := findStages(dir)
	if *resetArg != "" {
		st, err := pickStage(stages, *resetArg)
		if err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
		return resetter{root: dir, in: stdin, out: stdout, yes: *yes, now: time.Now()}.reset(st)
	}
	if *compareArg != "" {
		st, err := pickStage(stages, *compareArg)
		if err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
		cp := comparer{root: dir, out: newPrinter(stdout, colour), run: newRunner(dir, true), invoke: invocationFrom(dir)}
		return cp.compare(ctx, st)
	}
	if *stressRuns > 0 {
		st, err := stressStage(dir, stages, *stageArg)
		if err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
		s := stresser{out: newPrinter(stdout, colour), run: stressRunner(dir), invoke: invocationFrom(dir), seed: time.Now().UnixNano() % 1_000_000}
		return s.stress(ctx, st, *stressRuns)
	}
	single := false
	if *stageArg != "" {
		st, err := pickStage(stages, *stageArg)
		if err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
		stages, single = []stage{st}, true
	}
	a := &app{
		rp: report{
			root:     dir,
			stages:   stages,
			all:      *all,
			single:   single,
			hint:     int(hint),
			command:  invocationFrom(dir),
			external: os.Getenv("WORKBOOK_CMD"),
			watching: *watch,
		},
		out:    stdout,
		colour: colour,
		tty:    tty,
		jobs:   max(1, *jobs),
		runner: newRunner(dir, !*race),
	}
	if *reviewOnly {
		return runReview(stdout, stderr, dir, stages)
	}
	if tty {
		a.rp.columns = ttyWidth() // lanes fit the terminal; 0 falls back to $COLUMNS
	}
	a.skipUntouched = !*jsonOut && !*grade && !*all && !single
	if newStaged != nil && !*jsonOut && !*grade {
		// People read this view: show each verdict without waiting for
		// the race run, and that run's verdict after. -json and
		// -classroom want the final word only.
		a.first, a.confirm = newStaged(dir, !*race)
	}
	if *watch {
		return a.watch(ctx, *poll)
	}
	if *jsonOut || *grade {
		a.out, a.tty = io.Discard, false
	}
	results := a.once(ctx)
	if *htmlOut != "" && ctx.Err() == nil {
		if err := writeHTMLFile(*htmlOut, results); err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "workbook: wrote %s\n", *htmlOut)
	}
	if *grade && ctx.Err() == nil {
		return printClassroom(stdout, stderr, dir, results)
	}
	if *jsonOut && ctx.Err() == nil {
		if err := writeJSON(stdout, dir, results); err != nil {
			fmt.Fprintf(stderr, "workbook: %v\n", err)
			return 2
		}
	}
	if ctx.Err() != nil {
		return 130
	}
	return exitCode(results)
}

// findRoot returns dir if given, or else the nearest folder at or above
// the current one that holds a go.work.
func findRoot(dir string) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		if !dirExists(abs) {
			return "", fmt.Errorf("-root %s: no such folder", dir)
		}
		return abs, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.work")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.work here or above: run this from the workbook's folder, as " + invocation)
		}
	}
}

// fromHere is path, relative to the root, as the student can type it
// where they are: "./stage03-chat" from the root, "." from inside that
// stage's folder, "../stage03-chat" from another stage's. From outside the
// root it is "./" + path, as from the root.
func fromHere(root, path string) string {
	def := "./" + filepath.ToSlash(path)
	wd, err := os.Getwd()
	if err != nil {
		return def
	}
	if in, err := filepath.Rel(root, wd); err != nil || in == ".." || strings.HasPrefix(in, ".."+string(filepath.Separator)) || filepath.IsAbs(in) {
		return def // not inside the root
	}
	rel, err := filepath.Rel(wd, filepath.Join(root, path))
	if err != nil {
		return def
	}
	rel = filepath.ToSlash(rel)
	if rel != "." && !strings.HasPrefix(rel, "../") && rel != ".." {
		rel = "./" + rel
	}
	return rel
}

// invocationFrom is how to run this command from the current folder:
// "go run ./workbook" from the root, "go run ../workbook" from a stage's
// folder (there, go run ./workbook finds no workbook folder).
func invocationFrom(root string) string {
	return "go run " + fromHere(root, "workbook")
}

// app is one invocation of the command.
type app struct {
	rp     report
	out    io.Writer
	colour bool
	tty    bool
	jobs   int
	runner func(context.Context, stage) *stageResult
	// first and confirm split runner in two for -watch: the verdict
	// without the race detector at once, the race run after it. Nil
	// means runner alone.
	first   func(context.Context, stage) *stageResult
	confirm func(context.Context, stage, *stageResult) *stageResult
	// skipUntouched leaves out the stages whose files are still the
	// starter's, but for the first of them: they fail at their TODO(1),
	// and their checks' timeouts would make the student wait for nothing.
	skipUntouched bool
}

// once runs the selected stages, jobs at a time, and writes the
// checklist as results arrive, in stage order.
func (a *app) once(ctx context.Context) []*stageResult {
	stages := a.rp.stages
	done := make([]chan *stageResult, len(stages))
	confirmed := make([]chan *stageResult, len(stages)) // the race runs, for a staged run
	sem := make(chan struct{}, a.jobs)
	skip := a.untouched()
	for i, st := range stages {
		done[i] = make(chan *stageResult, 1)
		confirmed[i] = make(chan *stageResult, 1)
		if skip[i] {
			done[i] <- &stageResult{Stage: st, Status: notStarted}
			continue
		}
		go func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				done[i] <- &stageResult{Stage: st, Status: broken, Problem: "interrupted"}
				return
			}
			defer func() { <-sem }()
			if a.first == nil {
				done[i] <- a.runner(ctx, st)
				return
			}
			r := a.first(ctx, st)
			done[i] <- r
			if r.Race == raceRunning {
				own := *r // r is on screen: the race run changes a copy
				confirmed[i] <- a.confirm(ctx, st, &own)
			}
		}()
	}
	p := newPrinter(a.out, a.colour)
	results := a.writeOnce(ctx, p, stages, done)
	return a.raceVerdicts(ctx, p, results, confirmed)
}

// raceVerdicts waits for the race runs of the stages shown as passing,
// confirming under -race, and says what each found: a line for a clean
// one, the failure for one that fails there. It returns the results with
// those verdicts in.
func (a *app) raceVerdicts(ctx context.Context, p *printer, results []*stageResult, confirmed []chan *stageResult) []*stageResult {
	header := false
	for i, r := range results {
		if r == nil || r.Race != raceRunning {
			continue
		}
		if !header {
			p.printf("\n%s\n", p.bold.Sprint("Under the race detector"))
			header = true
		}
		if a.tty {
			fmt.Fprintf(a.out, "   %s", p.dim.Sprintf("go test -race %s…", a.rp.stagePattern(r.Stage)))
		}
		var rr *stageResult
		select {
		case rr = <-confirmed[i]:
		case <-ctx.Done():
		}
		if a.tty {
			fmt.Fprint(a.out, "\r\033[K")
		}
		if rr == nil {
			return results
		}
		results[i] = rr
		switch {
		case rr.Status == passed && rr.Race == raceMissing:
			p.printf(" %s %s: %s\n", p.yellow.Sprint("?"), r.Stage.Label(), "the race detector could not run here")
		case rr.Status == passed:
			p.printf(" %s %s: no data race found\n", p.green.Sprint("✓"), r.Stage.Label())
			if len(rr.Review) > 0 {
				a.rp.reviewLines(p, rr)
			}
		default:
			p.printf(" %s %s: fails under go test -race\n", p.red.Sprint("✗"), r.Stage.Label())
			a.rp.details(p, []*stageResult{rr})
		}
	}
	return results
}

// writeOnce is write for the results as they arrive on done.
func (a *app) writeOnce(ctx context.Context, p *printer, stages []stage, done []chan *stageResult) []*stageResult {
	return a.write(ctx, func(i int) *stageResult {
		select {
		case r := <-done[i]:
			return r
		default:
		}
		if a.tty {
			fmt.Fprintf(a.out, "   %s", p.dim.Sprintf("running the checks of %s…", stages[i].Dir))
			defer fmt.Fprint(a.out, "\r\033[K")
		}
		return <-done[i]
	})
}

// untouched marks the selected stages to leave out (see skipUntouched):
// each whose Go files are still the starter's, after the first such one.
func (a *app) untouched() []bool {
	skip := make([]bool, len(a.rp.stages))
	if !a.skipUntouched {
		return skip
	}
	seen := false
	for i, st := range a.rp.stages {
		if same, ok := starters.AsItCame(a.rp.root, st.Dir); ok && same {
			skip[i], seen = seen, true
		}
	}
	return skip
}

// show writes the checklist for results already in.
func (a *app) show(results []*stageResult) {
	a.write(context.Background(), func(i int) *stageResult { return results[i] })
}

// write writes the checklist, taking each stage's result from get, in
// stage order: the stages up to the first one not complete, what to do
// next there, and then the later stages. So the next step shows as soon
// as the current stage's checks are done, while later stages still run.
func (a *app) write(ctx context.Context, get func(i int) *stageResult) []*stageResult {
	p := newPrinter(a.out, a.colour)
	a.rp.header(p)
	results := make([]*stageResult, len(a.rp.stages))
	at := -1 // the stage whose next step has been shown
	// worth is the stage just written whose "Worth reading" line waits
	// for the next: it is written when that one is the current stage, or
	// when none is.
	var worth *stageResult
	for i := range results {
		results[i] = get(i)
		if ctx.Err() != nil {
			return results
		}
		if worth != nil && focus(results[:i+1]) == i {
			a.rp.worthReading(p, worth)
		}
		worth = nil
		if at >= 0 && i == at+1 {
			p.printf("\n%s\n", p.bold.Sprint("Later stages"))
		}
		a.rp.stageBlock(p, results, i)
		if at < 0 && focus(results[:i+1]) == i {
			a.rp.details(p, results[:i+1])
			at = i
		}
		if at < 0 && !a.rp.all && !a.rp.single {
			worth = results[i]
		}
	}
	if at < 0 {
		if worth != nil {
			a.rp.worthReading(p, worth)
		}
		a.rp.allDone(p, results)
	}
	a.rp.raceNote(p, results)
	return results
}
