package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/gotest"
)

// checkDocs: README.md's "What the tests check" and HINTS.md's sections
// name exactly the suite's checks. A README bullet may name a whole group
// an earlier stage's cases run in as "Group/...". HINTS.md may also have
// "## symptom: <id>" sections, for failures a suite diagnoses.
func checkDocs(root string, m *check.Manifest) []string {
	checks, err := suiteChecks(root, m)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	readmePath, readme, err := stageFile(root, m, "README.md")
	if err != nil {
		return []string{err.Error()}
	}
	hintsPath, hints, err := stageFile(root, m, "HINTS.md")
	if err != nil {
		return []string{err.Error()}
	}
	problems = append(problems, compare(readmePath+" \"What the tests check\"", readmeChecks(readme), checks)...)
	problems = append(problems, compare(hintsPath, hintChecks(hints), checks)...)
	return problems
}

// suiteChecks lists the leaf subtests of the stage's suite run on its
// reference, without the "Test" prefix: "Echo/short", "Framing/Lines/crlf".
func suiteChecks(root string, m *check.Manifest) ([]string, error) {
	cmd := exec.Command("go", "test", "-json", "-count=1", "-skip", "TestMutants|Benchmark", "./solutions/"+m.Dir+"/")
	cmd.Dir = root
	out, _ := cmd.Output() // a failing suite still lists its checks
	var names []string
	gotest.Decode(bytes.NewReader(out), func(ev gotest.Event) {
		if ev.Action == "run" && strings.HasPrefix(ev.Test, m.Test+"/") {
			names = append(names, strings.TrimPrefix(ev.Test, "Test"))
		}
	}, nil)
	if len(names) == 0 {
		return nil, fmt.Errorf("go test ./solutions/%s/ ran no checks of %s:\n%s", m.Dir, m.Test, out)
	}
	var leaves []string
	for _, n := range names {
		if !slices.ContainsFunc(names, func(o string) bool { return strings.HasPrefix(o, n+"/") }) {
			leaves = append(leaves, n)
		}
	}
	return leaves, nil
}

var (
	bullet  = regexp.MustCompile("^- `([^`]+)`")
	heading = regexp.MustCompile(`^## (\S+)\s*$`)
)

// readmeChecks lists the backquoted names that start the bullets of the
// "What the tests check" section.
func readmeChecks(md []byte) []string {
	var names []string
	in := false
	for line := range strings.SplitSeq(string(md), "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## What the tests check")
			continue
		}
		if m := bullet.FindStringSubmatch(line); in && m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// hintChecks lists the "## <check>" headings; "## symptom: <id>" ones are
// hints for a diagnosed failure, not checks.
func hintChecks(md []byte) []string {
	var names []string
	for line := range strings.SplitSeq(string(md), "\n") {
		if strings.HasPrefix(line, "## symptom:") {
			continue
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// compare lists what documented and checks disagree on. A documented name
// ending in "/..." stands for every check below it.
func compare(where string, documented, checks []string) []string {
	covers := func(doc, check string) bool {
		if group, ok := strings.CutSuffix(doc, "/..."); ok {
			return strings.HasPrefix(check, group+"/")
		}
		return doc == check
	}
	var problems []string
	for _, c := range checks {
		if !slices.ContainsFunc(documented, func(d string) bool { return covers(d, c) }) {
			problems = append(problems, fmt.Sprintf("%s does not mention the check %s", where, c))
		}
	}
	for _, d := range documented {
		if !slices.ContainsFunc(checks, func(c string) bool { return covers(d, c) }) {
			problems = append(problems, fmt.Sprintf("%s names %s, which is not a check", where, d))
		}
	}
	return problems
}
