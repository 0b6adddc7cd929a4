package main

import (
	"fmt"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
	"tcpworkbook/review"
)

// checkReview compares the README's "What the review looks for" with the
// pitfalls the review applies to the stage, names and TODOs both, so that
// a student reads there exactly what -review looks for.
func checkReview(root string, m *check.Manifest) []string {
	readme, md, err := stageFile(root, m, "README.md")
	if err != nil {
		return []string{err.Error()}
	}
	listed := reviewList(md)
	if listed == nil {
		return []string{readme + ` has no "## What the review looks for" section`}
	}
	var want []string
	for _, p := range review.Pitfalls(m.Number) {
		entry := "`" + p.Name + "`"
		if p.Todo != 0 {
			entry += fmt.Sprintf(" (TODO(%d))", p.Todo)
		}
		want = append(want, entry)
	}
	var problems []string
	for _, w := range want {
		if !slices.Contains(listed, w) {
			problems = append(problems, fmt.Sprintf("%s: What the review looks for lacks %s", readme, w))
		}
	}
	for _, l := range listed {
		if !slices.Contains(want, l) {
			problems = append(problems, fmt.Sprintf("%s: What the review looks for lists %s, which the review does not (review.Pitfalls(%d))", readme, l, m.Number))
		}
	}
	return problems
}

// reviewList is the start of each bullet of the section, up to its colon:
// "`lock-held-across-io` (TODO(2))". It is nil without the section.
func reviewList(md []byte) []string {
	var out []string
	in := false
	for line := range strings.SplitSeq(string(md), "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## What the review looks for")
			if in {
				out = []string{}
			}
			continue
		}
		if in && strings.HasPrefix(line, "- `") {
			head, _, _ := strings.Cut(strings.TrimPrefix(line, "- "), ":")
			out = append(out, head)
		}
	}
	return out
}
