package check

import "strings"

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

// Diagnose records that the failure about to be reported shows s. The
// report then points at s.Todo instead of the case's own TODO, explains
// the symptom first, and records the symptom's id as a test attribute.
// Call it just before the failing expectation, or from a Note-like
// inspection of the traffic; the last call wins.
func (c *T) Diagnose(s Symptom) {
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
