package main

import (
	"os"
	"path/filepath"
	"strings"
)

// The sentences that explain a crash and a race to a student.
const (
	panicMeaning = "A panic that nothing recovers stops the whole program: every client's connection ends with it, " +
		"and the check saw the server vanish."
	// concurrentMapMeaning replaces panicMeaning for the runtime's
	// "concurrent map writes" and its kin, which are data races.
	concurrentMapMeaning = "Go stopped the whole program because two goroutines used the same map at once, at least one " +
		"of them writing: a data race that the runtime caught. Every use of the map must hold the same lock."
	raceMeaning = "A data race: two goroutines used the same memory at the same time, at least one of them writing, " +
		"with no mutex or channel putting them in order. The result depends on timing, so the checks can pass " +
		"a hundred times and the server still corrupt its state, or crash, on the next run."
	// maxCrashLines bounds Go's own report under a crash.
	maxCrashLines = 30
)

// writeCrash shows a panic in the student's code: where, what, during
// which check, and the TODO of the function it happened in.
func (rp *report) writeCrash(p *printer, r *stageResult, c *check, cr crash, msg string) {
	p.printf("%s\n", p.hi.Sprintf("✗ Your server %s at %s: %s", cr.Kind, cr.At, cr.Value))
	where := ""
	if cr.At.Func != "" {
		where = ", in " + cr.At.Func
	}
	p.printf("  while the check %s was running%s.\n\n", c.Path, where)
	meaning, hints := panicMeaning, "panic"
	if strings.HasPrefix(cr.Value, "concurrent map") {
		meaning, hints = concurrentMapMeaning, "data-race"
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
	rp.nextStepAt(p, r.Stage, *cr.At)
	rp.writeHints(p, r, nil, hints)
}

// writeRace shows a race the detector found: the two accesses in the
// student's code, the variable, and the TODO of the first.
func (rp *report) writeRace(p *printer, r *stageResult, c *check, race raceReport) {
	p.printf("%s\n\n", p.hi.Sprintf("✗ %s: a data race in your code (found by go test -race)", c.Path))
	p.printf("%s\n\n", raceMeaning)
	var at *place
	for _, a := range race.Accesses {
		loc := "in Go's or the suite's code (no frame of yours)"
		if a.At != nil {
			loc = "at " + a.At.String()
			if a.At.Func != "" {
				loc += " in " + a.At.Func
			}
			if at == nil {
				at = a.At
			}
		}
		p.printf("  %s %s (%s)\n", a.What, loc, a.Goroutine)
		if a.At != nil {
			if code := sourceLine(rp.root, *a.At); code != "" {
				p.printf("      %s\n", p.cyan.Sprint(code))
			}
		}
	}
	if race.Variable != "" {
		p.printf("  the variable: %s\n", race.Variable)
	}
	if len(race.Accesses) == 2 && race.Accesses[0].At != nil && race.Accesses[1].At != nil &&
		race.Accesses[1].At.Todo != 0 && race.Accesses[1].At.Todo != race.Accesses[0].At.Todo {
		p.printf("\nThe other access belongs to TODO(%d): the two must agree on one lock.\n", race.Accesses[1].At.Todo)
	}
	if at != nil {
		rp.nextStepAt(p, r.Stage, *at)
	}
	p.printf("\n%s\n", p.dim.Sprintf("The race detector's own report: go test -race ./%s/... -run '%s'", r.Stage.Dir, runPattern(c.Path)))
	rp.writeHints(p, r, nil, "data-race")
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
