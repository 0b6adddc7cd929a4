// Command checkdocs makes sure each stage's documentation names exactly the
// checks its suite runs: the "What the tests check" list in README.md and
// the sections of HINTS.md, one to one with the subtests. A README bullet
// may name a whole re-run group as "Group/...".
//
//	go run ./kit/cmd/checkdocs stage01-echo stage02-framing
//
// It runs each stage's suite against the reference (go test -json on
// ./solutions/<stage>/) to learn the check names, so run it from the
// workspace root.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
)

func main() {
	failed := false
	for _, stage := range os.Args[1:] {
		if err := checkStage(stage); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", stage, err)
			failed = true
			continue
		}
		fmt.Printf("ok  %s: README and HINTS name every check\n", stage)
	}
	if failed {
		os.Exit(1)
	}
}

func checkStage(stage string) error {
	checks, err := suiteChecks(stage)
	if err != nil {
		return err
	}
	readme, err := os.ReadFile(stage + "/README.md")
	if err != nil {
		return err
	}
	hints, err := os.ReadFile(stage + "/HINTS.md")
	if err != nil {
		return err
	}
	var problems []string
	problems = append(problems, compare("README.md \"What the tests check\"", readmeChecks(readme), checks)...)
	problems = append(problems, compare("HINTS.md", hintChecks(hints), checks)...)
	if len(problems) > 0 {
		return fmt.Errorf("\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// suiteChecks lists the leaf subtests of the stage's suite, without the
// "Test" prefix: "Echo/short", "Framing/Lines/crlf".
func suiteChecks(stage string) ([]string, error) {
	cmd := exec.Command("go", "test", "-json", "-count=1", "-skip", "TestMutants|Benchmark", "./solutions/"+stage+"/")
	out, _ := cmd.Output() // a failing suite still lists its checks
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var ev struct{ Action, Test string }
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Action == "run" && strings.Contains(ev.Test, "/") {
			names = append(names, strings.TrimPrefix(ev.Test, "Test"))
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("go test ./solutions/%s/ ran no checks:\n%s", stage, out)
	}
	var leaves []string
	for _, n := range names {
		if !slices.ContainsFunc(names, func(m string) bool { return strings.HasPrefix(m, n+"/") }) {
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

// hintChecks lists the "## <check>" headings.
func hintChecks(md []byte) []string {
	var names []string
	for line := range strings.SplitSeq(string(md), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// compare lists what documented and checks disagree on. A documented name
// ending in "/..." stands for every check below it, for a group a stage
// re-runs from an earlier one.
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
