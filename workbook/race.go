package main

import (
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
	for i := 0; i < len(lines); i++ {
		if !raceStart.MatchString(strings.TrimSpace(lines[i])) {
			continue
		}
		rep := raceReport{Test: test}
		for i++; i < len(lines) && !raceEnd.MatchString(strings.TrimSpace(lines[i])); i++ {
			t := strings.TrimSpace(lines[i])
			if m := raceAccessLine.FindStringSubmatch(t); m != nil {
				a := raceAccess{What: strings.ToLower(m[1]), Goroutine: m[2]}
				if f, ok := firstStudent(parseFrames(lines[i+1:]), pkg); ok {
					p := placeOf(root, st, f)
					a.At = &p
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
