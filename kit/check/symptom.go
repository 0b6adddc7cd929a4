package check

import (
	"slices"
	"strings"
)

// AttrSymptom is the test attribute a diagnosed failure records: the id of
// the symptom, for tools reading go test -json. HINTS.md keeps hints for
// a symptom under a heading "## symptom: <id>", and the progress command
// shows those instead of the check's own when the attribute is present.
const AttrSymptom = "symptom"

// Symptom is a mistake recognised from what the server did, rather than
// from which check failed: a sender that got its own line back, a client
// that left but is still listed, a reply that says "not written yet".
type Symptom struct {
	ID   string // a short name, used in HINTS.md: "sender-echo"
	Todo int    // the TODO that holds the mistake; 0 keeps the case's own
	// Reading says in a sentence or two what the traffic shows and where
	// that mistake usually is. It leads the report's notes.
	Reading string
}

// The symptoms every stage may show, diagnosed by the kit (a handler
// stuck or spinning after the stop, a client given another's bytes) or
// by the progress command from the test binary's output (a race, a panic,
// an exit). A stage's HINTS.md may give a section for each.
const (
	SymptomStuck     = "stuck-handler"
	SymptomSpinning  = "spinning"
	SymptomReadSpins = "read-spins"
	SymptomCrossTalk = "cross-talk"
	SymptomExit      = "dies-on-client-error"
	SymptomPanic     = "panic"
	SymptomRace      = "data-race"
)

// CommonSymptoms lists the symptoms above.
var CommonSymptoms = []string{SymptomStuck, SymptomSpinning, SymptomReadSpins, SymptomCrossTalk, SymptomExit, SymptomPanic, SymptomRace}

// Diagnose records that the failure about to be reported shows s. The
// report then points at s.Todo instead of the case's own TODO, explains
// the symptom first, and records the symptom's id as a test attribute.
// Call it just before the failing expectation, or from a Note-like
// inspection of the traffic; the last call wins. An id the stage does not
// declare (Stage.Symptoms) fails the case, its hints being missing, unless
// the case is an earlier stage's, inherited as given code.
func (c *T) Diagnose(s Symptom) {
	if !c.inherited && !slices.Contains(c.stage.Symptoms, s.ID) && !slices.Contains(CommonSymptoms, s.ID) {
		c.Errorf("suite bug: the symptom %q is not in the stage's Symptoms (Manifest.Stage.Symptoms), so HINTS.md has no section for it", s.ID)
	}
	c.mu.Lock()
	c.symptom = &s
	c.mu.Unlock()
}

// diagnosis is the recorded symptom, or nil.
func (c *T) diagnosis() *Symptom {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.symptom
}

// Prefix puts cases into a group: each name and each name in Needs gets
// "group/" in front. A later stage uses it to run an earlier stage's
// checks as one group of its own, such as stage 06's "Echo".
func Prefix(group string, cases []Case) []Case {
	out := make([]Case, len(cases))
	for i, tc := range cases {
		tc.Name = group + "/" + tc.Name
		needs := make([]string, len(tc.Needs))
		for j, n := range tc.Needs {
			needs[j] = group + "/" + strings.TrimPrefix(n, group+"/")
		}
		tc.Needs = needs
		out[i] = tc
	}
	return out
}
