// Package classroom turns the workbook's -json results into what
// instructors use: GitHub Classroom's grading format with a point per
// check, and a report over a whole class. It reads the documented -json
// document (workbook/README.md, "-json") and nothing else, so it works on
// results collected from students' machines as well as on a fresh run.
package classroom

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Schema is the -json schema this package reads. A document with a newer
// one comes from a later workbook; it may be read, but says so.
const Schema = 1

// Result is the part of a -json document that grading needs.
type Result struct {
	Schema   int `json:"schema"`
	Workbook struct {
		Commit string `json:"commit"`
	} `json:"workbook"`
	Time   string  `json:"time"`
	Stages []Stage `json:"stages"`
}

// Stage is one stage of a Result.
type Stage struct {
	Number int     `json:"number"`
	Dir    string  `json:"dir"`
	Name   string  `json:"name"`
	Status string  `json:"status"`
	Passed int     `json:"passed"`
	Total  int     `json:"total"`
	Race   string  `json:"race"`
	Checks []Check `json:"checks"`
}

// Check is one check of a Stage.
type Check struct {
	Name       string   `json:"name"`
	Status     string   `json:"status"`
	SkipReason string   `json:"skip_reason"`
	Todo       *Todo    `json:"todo"`
	Failure    []string `json:"failure"`
}

// Todo is the TODO a failed check points at.
type Todo struct {
	Number int    `json:"number"`
	File   string `json:"file"`
}

// ErrNotAResult says a document is not the workbook's -json output.
var ErrNotAResult = errors.New("not a workbook result (go run ./workbook -json)")

// Parse reads one -json document.
func Parse(data []byte) (*Result, error) {
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, ErrNotAResult
	}
	if r.Schema == 0 || r.Stages == nil {
		return nil, ErrNotAResult
	}
	if r.Schema > Schema {
		return nil, fmt.Errorf("written by a later workbook (schema %d; this one reads %d): update the workbook", r.Schema, Schema)
	}
	return &r, nil
}

// firstFailure is the first failed check of s, or nil.
func (s Stage) firstFailure() *Check {
	for i := range s.Checks {
		if s.Checks[i].Status == "failed" {
			return &s.Checks[i]
		}
	}
	return nil
}
