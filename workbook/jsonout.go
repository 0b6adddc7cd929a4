package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"tcpworkbook/review"
	"time"
)

// The -json document. Its schema is documented in README.md ("-json");
// it changes only by adding fields, and Schema counts those changes.
type jsonResult struct {
	Schema   int         `json:"schema"`
	Workbook jsonVersion `json:"workbook"`
	Time     string      `json:"time"`
	Go       string      `json:"go"`
	Platform string      `json:"platform"`
	Stages   []jsonStage `json:"stages"`
}

type jsonVersion struct {
	Commit string `json:"commit,omitempty"` // the git commit of the workbook, if known
	Dirty  bool   `json:"dirty,omitempty"`  // with changes not committed
}

type jsonStage struct {
	Number   int         `json:"number"`
	Dir      string      `json:"dir"`
	Name     string      `json:"name"`
	Status   string      `json:"status"` // passed, failed, does-not-compile, could-not-run, not-written
	Passed   int         `json:"passed"`
	Total    int         `json:"total"`
	Skipped  int         `json:"skipped"`
	Race     string      `json:"race"`                // not-run, passed, failed, unavailable
	RaceNote string      `json:"race_note,omitempty"` // why the race detector could not run
	Problem  []string    `json:"problem,omitempty"`   // compiler errors, or what go test said
	Review   []string    `json:"review,omitempty"`    // the pitfall review's findings, for a stage that passes
	Checks   []jsonCheck `json:"checks"`
}

type jsonCheck struct {
	Name       string    `json:"name"`
	Status     string    `json:"status"` // passed, failed, held-back, skipped
	SkipReason string    `json:"skip_reason,omitempty"`
	Seconds    float64   `json:"seconds"`
	Todo       *jsonTodo `json:"todo,omitempty"`
	Symptom    string    `json:"symptom,omitempty"`
	Failure    []string  `json:"failure,omitempty"` // the first lines of the failure
}

type jsonTodo struct {
	Number int    `json:"number"`
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
}

// jsonSchema is the version of the document.
const jsonSchema = 1

// failureLines is how much of a failure the document keeps.
const failureLines = 12

// now and workbookVersion are replaced in tests.
var (
	now             = time.Now
	workbookVersion = gitVersion
)

func writeJSON(w io.Writer, root string, results []*stageResult) error {
	doc := jsonResult{
		Schema:   jsonSchema,
		Workbook: workbookVersion(root),
		Time:     now().UTC().Format(time.RFC3339),
		Go:       runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Stages:   []jsonStage{},
	}
	for _, r := range results {
		doc.Stages = append(doc.Stages, stageJSON(root, r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

var statusNames = map[status]string{
	notWritten: "not-written", passed: "passed", failed: "failed",
	buildFailed: "does-not-compile", broken: "could-not-run", notStarted: "not-started",
}

var raceNames = map[raceVerdict]string{
	raceNotRun: "not-run", raceClean: "passed", raceFailed: "failed", raceMissing: "unavailable",
}

func stageJSON(root string, r *stageResult) jsonStage {
	pass, total, skipped := r.Counts()
	s := jsonStage{
		Number: r.Stage.Num, Dir: r.Stage.Dir, Name: r.Stage.Name,
		Status: statusNames[r.Status], Passed: pass, Total: total, Skipped: skipped,
		Race: raceNames[r.Race], RaceNote: r.RaceNote,
		Checks: []jsonCheck{},
	}
	switch r.Status {
	case buildFailed:
		s.Problem = r.BuildErrors
	case broken, failed:
		if r.Problem != "" {
			s.Problem = firstLines(r.Problem, failureLines)
		}
	}
	for _, f := range r.Review {
		s.Review = append(s.Review, review.Format(f))
	}
	for _, c := range r.Checks {
		s.Checks = append(s.Checks, checkJSON(root, r, c))
	}
	return s
}

func checkJSON(root string, r *stageResult, c *check) jsonCheck {
	j := jsonCheck{Name: c.Path, Seconds: c.Elapsed, Symptom: c.Attr(attrSymptom)}
	switch c.Action {
	case "pass":
		j.Status = "passed"
		return j
	case "skip":
		j.Status = "skipped"
		if heldBack(c) {
			j.Status = "held-back"
		}
		j.SkipReason = firstLine(message(c.Output()))
		return j
	}
	j.Status = "failed"
	msg := r.FailureText(c)
	j.Failure = firstLines(msg, failureLines)
	if r.Exited == c {
		j.Failure = []string{"your server ended the whole test process during " + c.Path}
		if last := lastLogLine(c); last != "" {
			j.Failure = append(j.Failure, "its last log line: "+last)
		}
		j.Symptom = symptomExit
		if ec, ok := exitOf(root, r, c); ok {
			j.Failure = append(j.Failure, fmt.Sprintf("%s at %s in %s", ec.Call, ec.At, ec.At.Func))
			if ec.At.Todo != 0 {
				todo := locateTodo(root, ec.At.Todo, ec.At.File)
				j.Todo = &jsonTodo{Number: todo.N, File: todo.File, Line: todo.Line}
			}
		}
		return j
	}
	if lines := raceLines(root, r, c); lines != nil {
		j.Failure = lines
	} else if cr, ok := findCrash(root, r.Stage, msg); ok && cr.At != nil {
		j.Failure = []string{fmt.Sprintf("your server %s at %s: %s", cr.Kind, cr.At, cr.Value)}
	}
	j.Todo = failureTodo(root, r, c, msg)
	return j
}

// failureTodo is the TODO a failed check points at: the one its report
// names, or for a race or a panic, the TODO of the student's function.
func failureTodo(root string, r *stageResult, c *check, msg string) *jsonTodo {
	if todo, ok := findTodo(root, c, msg); ok {
		return &jsonTodo{Number: todo.N, File: todo.File, Line: todo.Line}
	}
	var at *place
	for _, race := range r.races(root) {
		if a, _ := race.focus(); at == nil && race.Test == c.Path && a != nil {
			p := a.todoAt()
			at = &p
		}
	}
	if cr, ok := findCrash(root, r.Stage, msg); at == nil && ok && cr.At != nil {
		p := todoPlace(cr)
		at = &p
	}
	if at == nil || at.Todo == 0 {
		return nil
	}
	todo := locateTodo(root, at.Todo, at.File)
	return &jsonTodo{Number: todo.N, File: todo.File, Line: todo.Line}
}

// raceLines are a race found during c, told in a few lines, or nil.
func raceLines(root string, r *stageResult, c *check) []string {
	for _, race := range r.races(root) {
		if race.Test != c.Path {
			continue
		}
		lines := []string{"a data race (found by go test -race)"}
		for _, a := range race.Accesses {
			lines = append(lines, a.What+" "+a.where(race.oneSided())+" ("+a.Goroutine+")")
		}
		if race.Variable != "" {
			lines = append(lines, "the variable: "+race.Variable)
		}
		return lines
	}
	return nil
}

func firstLines(s string, n int) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return lines
}

// gitVersion is the workbook's commit, if root is a git checkout and git
// is installed.
func gitVersion(root string) jsonVersion {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return jsonVersion{}
	}
	v := jsonVersion{Commit: strings.TrimSpace(string(out))}
	if st, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain").Output(); err == nil {
		v.Dirty = len(strings.TrimSpace(string(st))) > 0
	}
	return v
}
