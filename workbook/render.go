package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"tcpworkbook/review"

	"github.com/fatih/color"

	kit "tcpworkbook/kit/check"
)

// printer writes the checklist, in colour or not.
type printer struct {
	w                                       io.Writer
	green, red, yellow, cyan, bold, dim, hi *color.Color
}

func newPrinter(w io.Writer, colour bool) *printer {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if colour {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &printer{
		w:      w,
		green:  mk(color.FgGreen),
		red:    mk(color.FgRed),
		yellow: mk(color.FgYellow),
		cyan:   mk(color.FgCyan),
		bold:   mk(color.Bold),
		dim:    mk(color.Faint),
		hi:     mk(color.FgRed, color.Bold),
	}
}

func (p *printer) printf(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

// report is everything one run found, and how to show it.
type report struct {
	root     string
	stages   []stage // the selected stages, in order
	all      bool    // every check of every stage
	single   bool    // -stage N: one stage, shown in full
	hint     int     // how many hints to show
	command  string  // how the student runs this command, for suggestions
	external string  // WORKBOOK_CMD, if set
	watching bool    // -watch: the checks run again on each save
	columns  int     // the terminal's width for lanes; 0 reads $COLUMNS
}

// stagePattern is the go test package pattern of a stage, as the student
// can type it where they are: "./stage03-chat/...", or "./..." from
// inside that stage's folder.
func (rp *report) stagePattern(st stage) string {
	return fromHere(rp.root, st.Dir) + "/..."
}

// focus is the index of the stage to work on: the first written stage
// that is not complete, or -1.
func focus(results []*stageResult) int {
	for i, r := range results {
		if r != nil && r.Status != passed && r.Status != notWritten {
			return i
		}
	}
	return -1
}

// exitCode is 0 when every selected stage passes (or has nothing to
// check yet) and 1 otherwise.
func exitCode(results []*stageResult) int {
	if focus(results) >= 0 {
		return 1
	}
	return 0
}

func (rp *report) header(p *printer) {
	title := "Workbook progress"
	if rp.single && len(rp.stages) == 1 {
		title = fmt.Sprintf("Workbook progress: stage %s", rp.stages[0].Label())
	}
	p.printf("%s\n", p.bold.Sprint(title))
	if rp.external != "" {
		p.printf("%s\n", p.dim.Sprintf("The checks drive WORKBOOK_CMD=%s; those that need your Go code in-process are skipped.", rp.external))
	}
	p.printf("\n")
}

// stageBlock writes stage i's line and, where wanted, its checks. It
// needs the results of stages 0..i only, so it can be written as soon as
// they are in.
func (rp *report) stageBlock(p *printer, results []*stageResult, i int) {
	r := results[i]
	width := 0
	for _, s := range rp.stages {
		width = max(width, len(s.Label()))
	}
	current := focus(results[:i+1]) == i

	var mark, count string
	switch r.Status {
	case passed:
		pass, total, _ := r.Counts()
		mark, count = p.green.Sprint("✓"), p.green.Sprintf("%d/%d", pass, total)
	case failed:
		pass, total, _ := r.Counts()
		mark, count = p.red.Sprint("✗"), fmt.Sprintf("%d/%d", pass, total)
		if total == 0 {
			count = "the test binary failed"
		}
	case buildFailed:
		mark, count = p.red.Sprint("✗"), p.red.Sprint("does not compile")
		if r.Vet {
			count = p.red.Sprint("go vet stopped the tests")
		}
	case broken:
		mark, count = p.red.Sprint("✗"), p.red.Sprint("could not run")
	case notStarted:
		mark, count = p.dim.Sprint("·"), p.dim.Sprint("not started (as it came: run once you get there)")
	default:
		mark, count = p.dim.Sprint("·"), p.dim.Sprint("not written yet")
	}
	label := fmt.Sprintf("%-*s", width, r.Stage.Label())
	if current {
		label = p.bold.Sprint(label)
	}
	line := fmt.Sprintf(" %s %s  %s", mark, label, count)
	if _, _, skipped := r.Counts(); skipped > 0 && r.Status != notWritten && r.Status != notStarted {
		line += p.dim.Sprintf(" (%d skipped)", skipped)
	}
	switch r.Race {
	case raceFailed:
		line += p.red.Sprint(" under go test -race")
	case raceRunning:
		line += p.dim.Sprint(" · confirming under go test -race…")
	}
	if r.Exited != nil {
		// The count is of the checks that ran: say why it is short.
		line += p.red.Sprintf(" (your server ended the test process during %s; the checks after it never ran)", r.Exited.Path)
	}
	if current && !rp.single {
		line += "   " + p.yellow.Sprint("← you are here")
	}
	ref := filepath.ToSlash(filepath.Join("solutions", r.Stage.Dir)) + "/"
	hasRef := r.Status == passed && dirExists(filepath.Join(rp.root, "solutions", r.Stage.Dir))
	if hasRef {
		line += "   " + p.cyan.Sprint("reference: "+ref)
	}
	p.printf("%s\n", line)
	if hasRef && (rp.all || rp.single) {
		rp.worthReading(p, r)
	}
	if r.Status == passed && len(r.Review) > 0 {
		rp.reviewLines(p, r)
	}
	if rp.all || rp.single || current {
		rp.checkLines(p, r, !rp.all && !rp.single)
	}
}

// worthReading names what to read in the reference of a passed stage.
// The plain view gives it for the last stage passed only (see app.write):
// five of them above the current stage's failure pushed its hint off a
// 40-row screen.
func (rp *report) worthReading(p *printer, r *stageResult) {
	if d := r.Stage.reference(); d != "" && r.Status == passed && dirExists(filepath.Join(rp.root, "solutions", r.Stage.Dir)) {
		p.printf("      %s\n", p.dim.Sprint("Worth reading: "+d))
	}
}

// checkRun is a run of consecutive checks that show alike: passed,
// failed, or skipped for the same reason.
type checkRun struct {
	mark   string // "pass", "fail" or "skip"
	why    string // for a skip, the reason
	checks []*check
}

// checkRuns groups a stage's checks into runs that show alike.
func checkRuns(checks []*check) []checkRun {
	var runs []checkRun
	for _, c := range checks {
		mark, why := "fail", ""
		switch c.Action {
		case "pass":
			mark = "pass"
		case "skip":
			mark, why = "skip", firstLine(message(c.Output()))
			if n := c.attrs[kit.AttrHeldBack]; n != "" {
				why = "held back until " + n + " passes"
			}
		}
		if n := len(runs); n > 0 && runs[n-1].mark == mark && runs[n-1].why == why {
			runs[n-1].checks = append(runs[n-1].checks, c)
			continue
		}
		runs = append(runs, checkRun{mark: mark, why: why, checks: []*check{c}})
	}
	return runs
}

// checkLines lists a stage's checks. Checks held back for the same reason
// share one line: twenty lines repeating one sentence hide the failure
// they wait for. brief (the stage a plain run stops at) also folds runs
// of three or more passed or failed checks, but the first failure, into
// one line each, so that the stage, its first failure, its TODO and its
// hint fit one screen.
func (rp *report) checkLines(p *printer, r *stageResult, brief bool) {
	firstFail := r.FirstFailure()
	runs := checkRuns(r.Checks)
	if brief {
		runs = byMark(runs)
	}
	for _, run := range runs {
		cs := run.checks
		switch run.mark {
		case "pass":
			if brief && len(cs) >= 3 {
				p.printf("      %s %s\n", p.green.Sprint("✓"), span(cs, p))
				continue
			}
			for _, c := range cs {
				p.printf("      %s %s\n", p.green.Sprint("✓"), c.Path)
			}
		case "fail":
			for len(cs) > 0 && (!brief || len(cs) < 3 || cs[0] == firstFail) {
				p.printf("      %s %s\n", p.red.Sprint("✗"), cs[0].Path)
				cs = cs[1:]
			}
			if len(cs) > 0 {
				p.printf("      %s %s\n", p.red.Sprint("✗"), span(cs, p))
			}
		default:
			why := run.why
			if why != "" && !heldBack(cs[0]) {
				why = "skipped: " + why
			}
			if len(cs) >= 2 && heldBack(cs[0]) {
				p.printf("      %s %s  %s\n", p.dim.Sprint("–"), span(cs, p), p.dim.Sprint(why))
				continue
			}
			if why != "" {
				why = "  " + p.dim.Sprint(why)
			}
			for _, c := range cs {
				p.printf("      %s %s%s\n", p.dim.Sprint("–"), c.Path, why)
			}
		}
	}
}

// byMark merges runs of the same mark and reason wherever they are, in
// the order of their first: passed checks then take one line however
// they alternate with failures (stage 06's did: 23 rows, 10 of them
// passes), and the first failure's report still fits a screen.
func byMark(runs []checkRun) []checkRun {
	var out []checkRun
	for _, run := range runs {
		i := slices.IndexFunc(out, func(o checkRun) bool { return o.mark == run.mark && o.why == run.why })
		if i < 0 {
			out = append(out, checkRun{mark: run.mark, why: run.why, checks: slices.Clone(run.checks)})
			continue
		}
		out[i].checks = append(out[i].checks, run.checks...)
	}
	return out
}

// span names a run of checks: each, the first in full and the others
// without the group they share ("Echo/binary, concurrent, ipv6"), when
// that fits a line; else by the first and last ("Chat/ChatA/broadcast …
// Chat/ChatRobust/goroutines (23 checks)").
func span(cs []*check, p *printer) string {
	if len(cs) == 1 {
		return cs[0].Path
	}
	prefix := cs[0].Path[:strings.LastIndexByte(cs[0].Path, '/')+1]
	for _, c := range cs {
		for !strings.HasPrefix(c.Path, prefix) {
			prefix = prefix[:strings.LastIndexByte(strings.TrimSuffix(prefix, "/"), '/')+1]
		}
	}
	names := []string{cs[0].Path}
	for _, c := range cs[1:] {
		names = append(names, strings.TrimPrefix(c.Path, prefix))
	}
	if list := strings.Join(names, ", "); len(list) <= maxSpanWidth {
		return list
	}
	return cs[0].Path + " … " + cs[len(cs)-1].Path + p.dim.Sprintf(" (%d checks)", len(cs))
}

// maxSpanWidth bounds a run of checks named one by one: two rows of an
// 80-column terminal at most.
const maxSpanWidth = 100

// reviewLines tells, under a passing stage, what the pitfall review found
// in its code: the first finding in full, and how to see them all.
func (rp *report) reviewLines(p *printer, r *stageResult) {
	what := "a pitfall"
	if n := len(r.Review); n > 1 {
		what = fmt.Sprintf("%d pitfalls", n)
	}
	p.printf("      %s\n", p.yellow.Sprintf("Passes, but the review found %s the checks cannot see (%s -review -stage %d):",
		what, rp.command, r.Stage.Num))
	p.printf("      %s\n", review.Format(r.Review[0]))
}

// suggest is the command line to run this command again with one more
// flag. Under -watch, the student must stop it first.
func (rp *report) suggest(flag string) string {
	cmd := rp.command
	if rp.watching {
		cmd = "Ctrl+C, then " + cmd + " -watch"
	}
	if rp.single && len(rp.stages) == 1 {
		cmd += fmt.Sprintf(" -stage %d", rp.stages[0].Num)
	}
	return cmd + " " + flag
}

// raceNote says once, under the checklist, that the race detector could
// not run, so passing stages were judged without it.
func (rp *report) raceNote(p *printer, results []*stageResult) {
	for _, r := range results {
		if r != nil && r.Race == raceMissing {
			p.printf("\n%s\n", p.yellow.Sprint(raceMissingNote))
			p.printf("%s\n", p.dim.Sprint(indent(r.RaceNote, "  ")))
			if r.NoCC || strings.Contains(r.RaceNote, "cgo") {
				p.printf("%s\n", cCompilerHelp)
			}
			return
		}
	}
}

// raceMissingNote is shown when go test refused -race.
const raceMissingNote = "The race detector could not run here, so the stages that pass were not checked for data races.\n" +
	"It needs cgo (a C compiler such as gcc, and CGO_ENABLED=1) on a platform it supports. go test said:"

// cCompilerHelp says what to install when the C compiler is missing or
// broken. It is the machine, not the student's code.
const cCompilerHelp = "Install a C compiler: on Debian or Ubuntu, sudo apt-get install gcc; on Fedora, sudo dnf install gcc; " +
	"on macOS, xcode-select --install; on Windows, gcc from MSYS2 (pacman -S mingw-w64-ucrt-x86_64-gcc) with its bin folder " +
	"on PATH. If CC is set, it must name a compiler that works. Until then, -race=false judges without the race detector."

func (rp *report) allDone(p *printer, results []*stageResult) {
	var done, waiting int
	for _, r := range results {
		switch r.Status {
		case passed:
			done++
		case notWritten:
			waiting++
		}
	}
	p.printf("\n")
	switch {
	case done == 0:
		p.printf("%s\n", p.dim.Sprint("Nothing to check yet: no selected stage has tests."))
	case rp.single && len(results) == 1 && results[0].Race == raceRunning:
		p.printf("%s\n", p.green.Sprintf("Stage %s passes its checks; the race detector's verdict follows.", results[0].Stage.Label()))
	case rp.single && len(results) == 1:
		p.printf("%s\n", p.green.Sprintf("Stage %s passes. Compare your code with its reference, then go on.", results[0].Stage.Label()))
	case waiting > 0:
		p.printf("%s\n", p.green.Sprintf("Every stage with tests passes (%d); %d not written yet.", done, waiting))
	default:
		p.printf("%s\n", p.green.Sprint("Every stage passes. Well done!"))
	}
}

// runPattern is a -run pattern for one check: each part of its path,
// with regexp metacharacters escaped.
func runPattern(path string) string {
	parts := strings.Split(path, "/")
	for i, s := range parts {
		parts[i] = regexp.QuoteMeta(s)
	}
	// Anchor the last part, or "ChatB/name" also runs "ChatB/name-taken".
	return strings.Join(parts, "/") + "$"
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// indentRest indents every line but the first.
func indentRest(s, prefix string) string {
	first, rest, found := strings.Cut(s, "\n")
	if !found {
		return s
	}
	return first + "\n" + indent(rest, prefix)
}

func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
