// Package gotest reads the output of go test -json, one event per line,
// for the tools that judge a run: the progress command, stagecheck and
// scripts/check.sh through it.
package gotest

import (
	"bufio"
	"encoding/json"
	"io"
)

// Event is one line of go test -json (see go doc test2json).
type Event struct {
	Action      string
	Package     string
	ImportPath  string // build-output and build-fail events name the package here
	Test        string
	Output      string
	FailedBuild string
	Key, Value  string  // an attr event's attribute (testing.T.Attr)
	Elapsed     float64 // seconds, on pass, fail and skip
}

// Decode calls event for each event of the stream in r, in order, and
// loose for each line that is not one (what go test printed outside the
// JSON: a build error of go.work, say); loose may be nil. Lines up to
// 16 MiB are read: a test's output line can be long.
func Decode(r io.Reader, event func(Event), loose func(line string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev Event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			if loose != nil {
				loose(string(line))
			}
			continue
		}
		event(ev)
	}
	return sc.Err()
}
