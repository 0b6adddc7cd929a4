package main

import (
	"regexp"
	"strings"
)

// crash is a panic, or a fatal runtime error such as "concurrent map
// writes", that stopped the test binary or a check.
type crash struct {
	Kind  string // "panicked" or "crashed"
	Value string // "assignment to entry in nil map"
	// Student are the frames of the crashing goroutine in the student's
	// own package, innermost first; At is the first of them, if any.
	Student []place
	At      *place
}

var (
	panicLine = regexp.MustCompile(`^(panic|fatal error): (.*?)(?: \[recovered(?:, repanicked)?\])?$`)
	// A fatal runtime error adds where the goroutine runs: "goroutine 6
	// gp=0x… m=3 mp=0x… [running]:".
	goroutineLine = regexp.MustCompile(`^goroutine \d+ (?:gp=0x[0-9a-f]+ m=\S+ (?:mp=0x[0-9a-f]+ )?)?\[[^\]]*\]:$`)
)

// findCrash reads the first panic or fatal error in text and locates it
// in the student's code.
func findCrash(root string, st stage, text string) (crash, bool) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		m := panicLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		c := crash{Kind: "panicked", Value: m[2]}
		if m[1] == "fatal error" {
			c.Kind = "crashed"
		}
		for j := i + 1; j < len(lines); j++ {
			if goroutineLine.MatchString(strings.TrimSpace(lines[j])) {
				pkg := studentPackage(root, st)
				for _, f := range parseFrames(lines[j+1:]) {
					if isStudent(f, pkg) {
						c.Student = append(c.Student, placeOf(root, st, f))
					}
				}
				break
			}
		}
		if len(c.Student) > 0 {
			c.At = &c.Student[0]
		}
		return c, true
	}
	return crash{}, false
}
