package classroom

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Report is what GitHub Classroom's grading reporter
// (education/autograding-grading-reporter) reads from a runner, base64
// encoded: the reporter adds up the tests' scores into "Points X/Y".
type Report struct {
	Version  int    `json:"version"`
	Status   string `json:"status"` // pass, fail or error
	MaxScore int    `json:"max_score"`
	Tests    []Test `json:"tests"`
}

// Test is one graded item: a check, or a stage's race verdict.
type Test struct {
	Name    string `json:"name"`
	Status  string `json:"status"` // pass, fail or error
	Score   int    `json:"score"`
	Message string `json:"message,omitempty"`
}

// Grade scores r: a point for every check that passes, and one for each
// stage whose checks also pass under the race detector. A check skipped
// for a reason of the machine's (no IPv6 loopback, say) scores its point;
// a check held back behind a failing one does not.
func Grade(r *Result) Report {
	rep := Report{Version: 1, Status: "pass", Tests: []Test{}}
	for _, s := range r.Stages {
		for _, c := range s.Checks {
			rep.add(checkTest(s, c))
		}
		if len(s.Checks) > 0 {
			rep.add(raceTest(s))
		}
		if s.Status == "does-not-compile" || s.Status == "could-not-run" {
			rep.Status = "error"
		}
	}
	return rep
}

func (rep *Report) add(t Test) {
	rep.Tests = append(rep.Tests, t)
	rep.MaxScore++
	if t.Status != "pass" && rep.Status == "pass" {
		rep.Status = "fail"
	}
}

// checkTest grades one check.
func checkTest(s Stage, c Check) Test {
	t := Test{Name: fmt.Sprintf("%02d %s: %s", s.Number, s.Name, c.Name)}
	switch c.Status {
	case "passed":
		t.Status, t.Score = "pass", 1
	case "skipped":
		t.Status, t.Score, t.Message = "pass", 1, "skipped: "+c.SkipReason
	case "held-back":
		t.Status, t.Message = "fail", "held back until an earlier check passes: "+c.SkipReason
	default:
		t.Status = "fail"
		t.Message = strings.Join(c.Failure, "\n")
		if c.Todo != nil {
			t.Message += fmt.Sprintf("\nNext step: TODO(%d) in %s", c.Todo.Number, c.Todo.File)
		}
	}
	return t
}

// raceTest grades a stage's race verdict: the point is for checks that
// pass with go test -race too.
func raceTest(s Stage) Test {
	t := Test{Name: fmt.Sprintf("%02d %s: no data race (go test -race)", s.Number, s.Name)}
	switch s.Race {
	case "passed":
		t.Status, t.Score = "pass", 1
	case "unavailable":
		t.Status, t.Score, t.Message = "pass", 1, "the race detector is not available on this machine"
	case "failed":
		t.Status, t.Message = "fail", "the checks pass, but go test -race finds a data race"
	default:
		t.Status, t.Message = "fail", "runs once every check of the stage passes"
	}
	return t
}

// Encode is the form the reporter reads: base64 of the JSON.
func Encode(rep Report) (string, error) {
	data, err := json.Marshal(rep)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
