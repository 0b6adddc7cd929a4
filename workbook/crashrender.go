package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"tcpworkbook/kit/stagedoc"
	"tcpworkbook/review"

	kit "tcpworkbook/kit/check"
)

// The sentences that explain a crash and a race to a student.
const (
	panicMeaning = "A panic that nothing recovers stops the whole program: every client's connection ends with it, " +
		"and the check saw the server vanish."
	// concurrentMapMeaning replaces panicMeaning for the runtime's
	// "concurrent map writes" and its kin, which are data races.
	concurrentMapMeaning = "Go stopped the whole program because two goroutines used the same map at once, at least one " +
		"of them writing: a data race that the runtime caught. Every use of the map must hold the same lock."
	// outOfMemoryMeaning replaces panicMeaning when the runtime could not
	// get the memory asked for: nearly always a size a client announced.
	outOfMemoryMeaning = "Go stopped the whole program because it asked the system for more memory than there is: " +
		"every client's connection ended with it, and the checks after this one never ran. A server that makes a slice " +
		"or a buffer as big as a client says (an array's count, a string's length) lets any client ask for gigabytes " +
		"with a few bytes. Treat the numbers a client sends as claims: take memory as the data arrives, and refuse " +
		"what is over the limit before making anything."
	raceMeaning = "A data race: two goroutines used the same memory at the same time, at least one of them writing, " +
		"with no mutex or channel putting them in order. The result depends on timing, so the checks can pass " +
		"a hundred times and the server still corrupt its state, or crash, on the next run."
	// maxCrashLines bounds Go's own report under a crash.
	maxCrashLines = 30
	exitMeaning   = "log.Fatal and os.Exit end the program at once, with every connection in it, and here the " +
		"program was the test itself: this check was cut off, and the checks after it never ran (so the list " +
		"above stops here). An error on one connection must end that connection only: log it and return."
	// symptomExit is the HINTS.md section for a server that ends the
	// process on one client's error.
	symptomExit = kit.SymptomExit
)

// writeExit shows a server that ended the test process without a stack:
// during which check, its last log line, the call in the student's code
// that most likely did it, and that function's TODO.
func (rp *report) writeExit(p *printer, r *stageResult, c *check) {
	p.printf("%s\n", p.hi.Sprintf("✗ Your server ended the whole test process during %s", c.Path))
	last := lastLogLine(c)
	if last != "" {
		p.printf("  Its last log line: %s\n", last)
	} else {
		p.printf("  It logged nothing before it ended.\n")
	}
	p.printf("\n%s\n", exitMeaning)
	exits := findExits(rp.root, r.Stage)
	ec, sure, ok := whichExit(exits, last)
	if !ok {
		p.printf("\nNo log.Fatal or os.Exit is in the files of %s/: look in the code yours calls.\n", r.Stage.Dir)
		rp.writeHints(p, r, nil, symptomExit)
		return
	}
	head := "The call that ended it"
	if !sure {
		head = "The call that most likely ended it"
	}
	fn := ""
	if ec.At.Func != "" {
		fn = " in " + ec.At.Func
	}
	p.printf("\n%s: %s at %s%s\n", head, ec.Call, ec.At, fn)
	if code := sourceLine(rp.root, ec.At); code != "" {
		p.printf("      %s\n", p.cyan.Sprint(code))
	}
	var others []string
	for _, e := range exits {
		if e.At != ec.At {
			o := e.Call + " at " + e.At.String()
			if e.At.Func != "" {
				o += " in " + e.At.Func
			}
			others = append(others, o)
		}
	}
	if len(others) > 0 {
		p.printf("%s\n", p.dim.Sprintf("Also ending the process in your code: %s", strings.Join(others, ", ")))
	}
	if ec.At.Todo == 0 {
		if n := pitfallTodo(r.Stage, "exit-in-handler"); n != 0 {
			ec.At.Todo = n
			p.printf("%s\n", p.dim.Sprintf("%s has no TODO of its own; TODO(%d) is where the workbook teaches what to do with one connection's error.", ec.At.Func, n))
		}
	}
	rp.nextStepAt(p, r.Stage, ec.At)
	rp.writeHints(p, r, nil, symptomExit)
}

// exitOf is the call that most likely ended the process during c, with
// the TODO to open: its function's, or the exit-in-handler pitfall's.
func exitOf(root string, r *stageResult, c *check) (exitCall, bool) {
	ec, _, ok := whichExit(findExits(root, r.Stage), lastLogLine(c))
	if ok && ec.At.Todo == 0 {
		ec.At.Todo = pitfallTodo(r.Stage, "exit-in-handler")
	}
	return ec, ok
}

// pitfallTodo is the TODO of stage st that the review's pitfall belongs
// to, or 0.
func pitfallTodo(st stage, pitfall string) int {
	for _, pf := range review.Pitfalls(st.Num) {
		if pf.Name == pitfall {
			return pf.Todo
		}
	}
	return 0
}

// writeCrash shows a panic in the student's code: where, what, during
// which check, and the TODO of the function it happened in.
func (rp *report) writeCrash(p *printer, r *stageResult, c *check, cr crash, msg string) {
	p.printf("%s\n", p.hi.Sprintf("✗ Your server %s at %s: %s", cr.Kind, cr.At, cr.Value))
	where := ""
	if cr.At.Func != "" {
		where = ", in " + cr.At.Func
	}
	p.printf("  while the check %s was running%s.\n\n", c.Path, where)
	meaning, hints, byCheck := panicMeaning, kit.SymptomPanic, false
	switch {
	case strings.HasPrefix(cr.Value, "concurrent map"):
		meaning, hints = concurrentMapMeaning, kit.SymptomRace
	case strings.Contains(cr.Value, "out of memory"):
		// The check that was running sent the claim: its hints say what
		// to do about it.
		meaning, byCheck = outOfMemoryMeaning, true
	}
	p.printf("%s\n", meaning)
	if len(cr.Student) > 0 {
		p.printf("\nYour code in the goroutine that %s, innermost first:\n", cr.Kind)
		for _, s := range cr.Student {
			fn := ""
			if s.Func != "" {
				fn = "  " + s.Func
			}
			p.printf("  %s%s\n", s, fn)
		}
	}
	lines := strings.Split(msg, "\n")
	p.printf("\n%s\n", p.dim.Sprint("Go's own report:"))
	if len(lines) > maxCrashLines {
		lines = append(lines[:maxCrashLines:maxCrashLines], p.dim.Sprintf("… %d more lines: run the check alone to see them all", len(lines)-maxCrashLines))
	}
	p.printf("%s\n", indent(strings.Join(lines, "\n"), "  "))
	rp.helperNote(p, *cr.At, todoPlace(cr))
	rp.nextStepAt(p, r.Stage, rp.crashPlace(c, todoPlace(cr)))
	if byCheck {
		rp.writeHints(p, r, c, c.Attr(attrSymptom))
		return
	}
	rp.writeHints(p, r, nil, hints)
}

// todoPlace is where to send the student for a crash: the innermost of
// their frames whose function holds a TODO of its own, or else the
// innermost whose TODO is inferred. A crash in a helper, the student's or
// one that came written (a client's send, called with a nil client), is
// taught by the TODO of the code that called it.
func todoPlace(cr crash) place {
	for _, s := range cr.Student {
		if s.ownTodo() {
			return s
		}
	}
	for _, s := range cr.Student {
		if s.Todo != 0 {
			return s
		}
	}
	return *cr.At
}

// helperNote says, when the mistake's line is in a function with no TODO
// of its own, which caller's TODO the report sends the student to, and
// that the line itself is where to look.
func (rp *report) helperNote(p *printer, at, todo place) {
	if at.Func == "" || at.ownTodo() || todo.Func == "" || todo.Func == at.Func || !todo.ownTodo() {
		return
	}
	p.printf("\n%s holds no TODO of its own. It is %s %s, so the report sends you to TODO(%d); "+
		"the line to change is most likely %s, in %s.\n", at.Func, todo.calledFrom(), todo.Func, todo.Todo, at, at.Func)
}

// crashPlace is where a crash happened, with its TODO settled: when the
// function there holds several TODOs, the one of the check that was
// running is the likelier, if it is among them.
func (rp *report) crashPlace(c *check, at place) place {
	want, err := strconv.Atoi(c.Attr(attrTodo))
	if err != nil || want == at.Todo || at.Func == "" {
		return at
	}
	if slices.Contains(stagedoc.TodosOfFunc(filepath.Join(rp.root, filepath.FromSlash(at.File)), at.Func), want) {
		at.Todo, at.Inferred = want, false
	}
	return at
}

// writeRace shows a race the detector found: the two accesses in the
// student's code, the lock each holds, the variable, and the TODO of the
// side to fix: the one that skips the lock when the other holds it.
func (rp *report) writeRace(p *printer, r *stageResult, c *check, race raceReport) {
	p.printf("%s\n\n", p.hi.Sprintf("✗ %s: a data race in your code (found by go test -race)", c.Path))
	p.printf("%s\n\n", raceMeaning)
	for _, a := range race.Accesses {
		p.printf("  %s %s (%s)\n", a.What, a.where(race.oneSided()), a.Goroutine)
		if a.At != nil {
			if code := sourceLine(rp.root, *a.At); code != "" {
				p.printf("      %s\n", p.cyan.Sprint(code))
			}
		}
	}
	if race.Variable != "" {
		p.printf("  the variable: %s\n", race.Variable)
	}
	at, other := race.focus()
	switch {
	case race.oneSided():
		p.printf("\nThe %s holds %s and the %s holds no lock: a lock protects only the code that takes it. "+
			"Fix the %s at %s: take the same lock there.\n", other.What, other.Held, at.What, at.What, at.At)
		if o, a := other.todoAt(), at.todoAt(); o.ownTodo() && o.Todo != a.Todo {
			p.printf("The %s, which holds the lock, belongs to TODO(%d).\n", other.What, o.Todo)
		}
	case other != nil && at.Held != "" && other.Held != "":
		p.printf("\nBoth sides hold a lock (%s and %s), but not the same one, or the detector would not see a race: "+
			"every access to this variable must take one and the same lock.\n", at.Held, other.Held)
		if o, a := other.todoAt(), at.todoAt(); o.ownTodo() && o.Todo != a.Todo {
			p.printf("The other access belongs to TODO(%d).\n", o.Todo)
		}
	case other != nil && other.todoAt().ownTodo() && other.todoAt().Todo != at.todoAt().Todo:
		p.printf("\nThe other access belongs to TODO(%d): the two must agree on one lock.\n", other.todoAt().Todo)
	}
	if at != nil {
		rp.helperNote(p, *at.At, at.todoAt())
		rp.nextStepAt(p, r.Stage, at.todoAt())
	}
	p.printf("\n%s\n", p.dim.Sprintf("The race detector's own report: go test -race %s -run '%s'", rp.stagePattern(r.Stage), runPattern(c.Path)))
	rp.writeHints(p, r, nil, kit.SymptomRace)
}

// sourceLine is the code at a place, trimmed, or "".
func sourceLine(root string, at place) string {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(at.File)))
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if at.Line < 1 || at.Line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[at.Line-1])
}

// races are the race reports of a run under -race.
func (r *stageResult) races(root string) []raceReport {
	if r.Race != raceFailed {
		return nil
	}
	var out []raceReport
	for _, t := range r.tests {
		out = append(out, findRaces(root, r.Stage, t.Path, t.Output())...)
	}
	return append(out, findRaces(root, r.Stage, "", r.Problem)...)
}
