package main

import (
	"fmt"
	"regexp"
	"strings"
)

// raceReport is one "WARNING: DATA RACE" report of the race detector.
type raceReport struct {
	Accesses []raceAccess // the current access, then the earlier one
	Variable string       // the variable, when the report names it
	Test     string       // the check during which it was found
}

// raceAccess is one side of a race.
type raceAccess struct {
	What      string // "write", "previous read"…
	Goroutine string // "goroutine 8"
	At        *place // the first frame in the student's package, if any
	// Via is the innermost caller of At whose function holds a TODO of
	// its own, when At's function holds none: a helper the student wrote
	// is fixed in the helper, and taught by the TODO of the code that
	// calls it.
	Via *place
	// Held is the lock this side held, as the code names it ("s.mu"),
	// read from the source at its frames: "" when it held none.
	Held string
}

// focus is the side of the race to send the student to: the one that
// holds no lock when the other holds one (the lock is there, and this
// side skips it), else the first with a frame in the student's code.
// other is the remaining side, if it is in the student's code too.
func (r raceReport) focus() (at, other *raceAccess) {
	var mine []*raceAccess
	for i := range r.Accesses {
		if r.Accesses[i].At != nil {
			mine = append(mine, &r.Accesses[i])
		}
	}
	switch len(mine) {
	case 0:
		return nil, nil
	case 1:
		return mine[0], nil
	}
	if mine[0].Held != "" && mine[1].Held == "" {
		return mine[1], mine[0]
	}
	// With no lock to tell them apart, send the student to their own code
	// rather than to a function whose TODO is only inferred.
	if (mine[0].Held == "") == (mine[1].Held == "") && !mine[0].todoAt().ownTodo() && mine[1].todoAt().ownTodo() {
		return mine[1], mine[0]
	}
	return mine[0], mine[1]
}

// todoAt is the place whose TODO teaches this side: its own function's,
// or the caller's that holds one (Via).
func (a *raceAccess) todoAt() place {
	if a.Via != nil {
		return *a.Via
	}
	return *a.At
}

// where says where this side of the race is, for a report: the line and
// function, the caller whose TODO it is when the function is a helper,
// and the lock held. oneSided adds "holding no lock" to a side that holds
// none.
func (a *raceAccess) where(oneSided bool) string {
	if a.At == nil {
		return "in Go's or the suite's code (no frame of yours)"
	}
	loc := "at " + a.At.String()
	if a.At.Func != "" {
		loc += " in " + a.At.Func
	}
	if a.Via != nil {
		loc += fmt.Sprintf(", %s %s (TODO(%d))", a.Via.calledFrom(), a.Via.Func, a.Via.Todo)
	}
	if a.Held != "" {
		loc += ", holding " + a.Held
	} else if oneSided {
		loc += ", holding no lock"
	}
	return loc
}

// oneSided reports whether one side of the race holds a lock and the
// other none: the lock exists, and one path forgets it.
func (r raceReport) oneSided() bool {
	at, other := r.focus()
	return at != nil && other != nil && at.Held == "" && other.Held != ""
}

var (
	raceStart      = regexp.MustCompile(`^WARNING: DATA RACE$`)
	raceAccessLine = regexp.MustCompile(`^((?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite)) at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):$`)
	raceGlobal     = regexp.MustCompile(`^Location is global '([^']+)'`)
	raceEnd        = regexp.MustCompile(`^=+$`)
)

// findRaces reads every race report in a check's output.
func findRaces(root string, st stage, test, text string) []raceReport {
	var out []raceReport
	lines := strings.Split(text, "\n")
	pkg := studentPackage(root, st)
	locks := newLockFiles(root)
	for i := 0; i < len(lines); i++ {
		if !raceStart.MatchString(strings.TrimSpace(lines[i])) {
			continue
		}
		rep := raceReport{Test: test}
		for i++; i < len(lines) && !raceEnd.MatchString(strings.TrimSpace(lines[i])); i++ {
			t := strings.TrimSpace(lines[i])
			if m := raceAccessLine.FindStringSubmatch(t); m != nil {
				a := raceAccess{What: strings.ToLower(m[1]), Goroutine: m[2]}
				// The access is at the first of the student's frames; a
				// lock may be held there or by any caller of it.
				// Via is looked for only in the student's frames right
				// after the access: past a frame of Go's (a deferred
				// call's runtime.deferreturn, say) the race detector's
				// stack may not be the callers.
				direct := true
				for _, f := range parseFrames(lines[i+1:]) {
					if !isStudent(f, pkg) {
						direct = a.At == nil
						continue
					}
					p := placeOf(root, st, f)
					if a.At == nil {
						a.At = &p
					} else if direct && a.Via == nil && !a.At.ownTodo() && p.ownTodo() {
						a.Via = &p
					}
					if a.Held == "" {
						a.Held = locks.heldAt(p)
					}
					if a.Held != "" && (a.Via != nil || a.At.ownTodo()) {
						break
					}
				}
				rep.Accesses = append(rep.Accesses, a)
				continue
			}
			if m := raceGlobal.FindStringSubmatch(t); m != nil {
				rep.Variable = m[1]
			}
		}
		out = append(out, rep)
	}
	return out
}
