package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/fatih/color"
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
	case broken:
		mark, count = p.red.Sprint("✗"), p.red.Sprint("could not run")
	default:
		mark, count = p.dim.Sprint("·"), p.dim.Sprint("not written yet")
	}
	label := fmt.Sprintf("%-*s", width, r.Stage.Label())
	if current {
		label = p.bold.Sprint(label)
	}
	line := fmt.Sprintf(" %s %s  %s", mark, label, count)
	if _, _, skipped := r.Counts(); skipped > 0 && r.Status != notWritten {
		line += p.dim.Sprintf(" (%d skipped)", skipped)
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
	if hasRef {
		if d := differences[r.Stage.Dir]; d != "" {
			p.printf("      %s\n", p.dim.Sprint("Worth reading: "+d))
		}
	}
	if rp.all || rp.single || current {
		for _, c := range r.Checks {
			switch c.Action {
			case "pass":
				p.printf("      %s %s\n", p.green.Sprint("✓"), c.Path)
			case "skip":
				why := firstLine(message(c.Output()))
				if why != "" && !strings.HasPrefix(why, "held back") {
					why = "skipped: " + why
				}
				if why != "" {
					why = "  " + p.dim.Sprint(why)
				}
				p.printf("      %s %s%s\n", p.dim.Sprint("–"), c.Path, why)
			default:
				p.printf("      %s %s\n", p.red.Sprint("✗"), c.Path)
			}
		}
	}
}

// details writes what to do next at the focus stage, the last of
// results: its first failure, the TODO to open and a hint.
func (rp *report) details(p *printer, results []*stageResult) {
	r := results[focus(results)]
	p.printf("\n")
	switch r.Status {
	case buildFailed:
		p.printf("%s\n\n", p.hi.Sprintf("%s does not compile:", r.Stage.Dir))
		for _, l := range r.BuildErrors {
			p.printf("  %s\n", l)
		}
		p.printf("\nFix the first error, then run %s again.\n", rp.command)
		return
	case broken:
		p.printf("%s\n\n", p.hi.Sprintf("go test could not run %s:", r.Stage.Dir))
		p.printf("%s\n", indent(r.Problem, "  "))
		return
	}

	c := r.FirstFailure()
	if c == nil {
		p.printf("%s\n\n", p.hi.Sprintf("The tests of %s failed outside any check:", r.Stage.Dir))
		p.printf("%s\n", indent(r.Problem, "  "))
		return
	}
	p.printf("%s %s\n", p.bold.Sprint("First failing check:"), p.hi.Sprint(c.Path))
	p.printf("%s\n\n", p.dim.Sprintf("Run it alone: go test ./%s/... -run '%s'", r.Stage.Dir, runPattern(c.Path)))
	msg := r.FailureText(c)
	if msg == "" {
		msg = "(the check failed without printing why)"
	}
	rp.writeMessage(p, msg)

	if todo, ok := findTodo(rp.root, msg); ok {
		p.printf("\n")
		if todo.Line > 0 {
			p.printf("%s %s\n", p.bold.Sprintf("Open %s", todo.Location()), p.dim.Sprintf("(TODO(%d))", todo.N))
			for _, l := range todo.Text {
				p.printf("    %s\n", p.cyan.Sprint(l))
			}
		} else {
			p.printf("%s\n", p.bold.Sprintf("Open %s", todo.File))
			if todo.Read {
				p.printf("    %s\n", p.dim.Sprintf("(its TODO(%d) comment is gone: look for the code it described)", todo.N))
			}
		}
	}
	rp.writeHints(p, r, c)
}

// maxMessageLines bounds a message; only a panic's stack is ever longer.
const maxMessageLines = 80

// writeMessage writes a failure message as the suite printed it, with
// its headline and its "Next step" line picked out in colour.
func (rp *report) writeMessage(p *printer, msg string) {
	lines := strings.Split(msg, "\n")
	if len(lines) > maxMessageLines {
		cut := len(lines) - maxMessageLines
		lines = append(lines[:maxMessageLines:maxMessageLines], p.dim.Sprintf("… %d more lines: run the check alone to see them all", cut))
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "✗ "):
			p.printf("%s\n", p.hi.Sprint(l))
		case strings.HasPrefix(l, "Next step:"):
			p.printf("%s\n", p.yellow.Sprint(l))
		default:
			p.printf("%s\n", l)
		}
	}
}

func (rp *report) writeHints(p *printer, r *stageResult, c *check) {
	hints := hintsFor(loadHints(filepath.Join(rp.root, r.Stage.Dir, "HINTS.md")), c.Path)
	if len(hints) == 0 {
		return
	}
	n := min(max(rp.hint, 1), len(hints))
	for k := range n {
		p.printf("\n%s %s\n", p.yellow.Sprintf("Hint %d of %d:", k+1, len(hints)), indentRest(hints[k], "  "))
	}
	if n < len(hints) {
		flag := "-hint"
		if n+1 > 2 {
			flag = fmt.Sprintf("-hint=%d", n+1)
		}
		p.printf("%s\n", p.dim.Sprintf("A longer hint: %s", rp.suggest(flag)))
	} else {
		p.printf("%s\n", p.dim.Sprintf("That was the last hint. The stage's README.md explains the idea in full."))
	}
}

// suggest is the command line to run this command again with one more flag.
func (rp *report) suggest(flag string) string {
	cmd := rp.command
	if rp.single && len(rp.stages) == 1 {
		cmd += fmt.Sprintf(" -stage %d", rp.stages[0].Num)
	}
	return cmd + " " + flag
}

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
