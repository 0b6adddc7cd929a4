// Command stagecheck is the maintainers' consistency check of the stages:
// it reads every stage's manifest (workbook/internal/stages) and checks
// that what the manifest says agrees with the files, so that CI says which
// file drifted and how.
//
// From the workspace root:
//
//	go run ./workbook/cmd/stagecheck            every check below, every stage
//	go run ./workbook/cmd/stagecheck -fast      without running the reference suites (the docs check)
//	go run ./workbook/cmd/stagecheck -sync-starters   refresh the pristine starters -reset restores
//	go run ./workbook/cmd/stagecheck -external BIN   the external-command runs, for scripts/check.sh
//	go run ./workbook/cmd/stagecheck -mutants BIN    the external mutant runs, for scripts/check.sh
//	go test -json … | go run ./workbook/cmd/stagecheck -first-todo    the TODO of the first failure
//
// What it checks, per stage:
//   - the registry lists every stageNN-x folder, and go.work uses each;
//   - Manifest.Todos, the starter's TODO(n) comments and the README's TODO
//     table name the same TODOs, and each mutant's Todo is one of them;
//   - every Carried file is identical to its source (the package line aside);
//   - the pristine copy of the stage's own Go files, which -reset restores,
//     is identical to the folder;
//   - every command exists as <Dir>/cmd/<Name> and solutions/<Dir>/cmd/<Name>;
//   - every TODO(n) in the suite's messages and in HINTS.md is one of the
//     stage's, and "fn (TODO(n))" names a function holding that TODO;
//   - HINTS.md's "## symptom: <id>" sections name exactly the stage's
//     declared symptoms (Stage.Symptoms), besides the kit's common ones;
//   - each command's -h, starter and reference alike, has exactly the flags
//     Manifest.Commands lists and the README's Flags table names, with
//     the defaults they give;
//   - README.md's "What the tests check" and HINTS.md's sections name
//     exactly the suite's checks ("## symptom: <id>" sections aside).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/starters"
	"tcpworkbook/workbook/internal/stages"
)

func main() {
	fast := flag.Bool("fast", false, "skip the checks that run the reference suites")
	external := flag.String("external", "", "print the external-command runs for scripts/check.sh, with commands in this folder, and exit")
	mutants := flag.String("mutants", "", "print the external mutant runs for scripts/check.sh, with commands in this folder, and exit")
	sync := flag.Bool("sync-starters", false, "copy every stage's own Go files to the pristine copies -reset restores from ("+starters.Dir+"), and exit")
	first := flag.Bool("first-todo", false, "read go test -json on stdin, print the TODO its first failure points at (none if no report named one), and exit")
	flag.Parse()
	switch {
	case *sync:
		if err := syncStarters(".", stages.All); err != nil {
			fmt.Fprintf(os.Stderr, "stagecheck: %v\n", err)
			os.Exit(1)
		}
		return
	case *first:
		todo := firstTodo(os.Stdin)
		if todo == "" {
			todo = "none"
		}
		fmt.Println(todo)
		return
	case *external != "":
		printExternal(os.Stdout, stages.All, *external)
		return
	case *mutants != "":
		printMutants(os.Stdout, ".", stages.All, *mutants)
		return
	}
	if !fileExists("go.work") {
		fmt.Fprintln(os.Stderr, "stagecheck: run it from the workspace root (no go.work here)")
		os.Exit(2)
	}
	if problems := run(os.Stdout, ".", stages.All, !*fast); problems > 0 {
		fmt.Fprintf(os.Stderr, "\nstagecheck: %d problem(s): see above\n", problems)
		os.Exit(1)
	}
}

// run checks every stage of the workspace at root and returns how many
// problems it wrote. The stages are checked side by side: their suite
// runs mostly wait on read deadlines, and their builds on each other.
func run(w io.Writer, root string, all []*check.Manifest, docs bool) int {
	problems := report(w, "the registry", checkRegistry(root, all))
	found := make([][]string, len(all))
	sem := make(chan struct{}, stagesAtOnce)
	var wg sync.WaitGroup
	for i, m := range all {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			found[i] = checkStage(root, m, docs)
		})
	}
	wg.Wait()
	for i, m := range all {
		problems += report(w, m.Dir, found[i])
	}
	return problems
}

// stagesAtOnce is how many stages run checks at the same time.
const stagesAtOnce = 3

// checkStage returns the problems of one stage; docs adds the checks that
// run its reference suite and build its commands.
func checkStage(root string, m *check.Manifest, docs bool) []string {
	var ps []string
	ps = append(ps, checkTodos(root, m)...)
	ps = append(ps, checkGuidance(root, m)...)
	ps = append(ps, checkSymptoms(root, m)...)
	ps = append(ps, checkProse(root, m)...)
	ps = append(ps, checkCarried(root, m)...)
	ps = append(ps, checkStarters(root, m)...)
	ps = append(ps, checkCommands(root, m)...)
	ps = append(ps, checkRanges(root, m)...)
	ps = append(ps, checkDefaults(root, m)...)
	if docs {
		ps = append(ps, checkDocs(root, m)...)
		ps = append(ps, checkReview(root, m)...)
		ps = append(ps, checkFlags(root, m)...)
	}
	return ps
}

// report writes a stage's problems, or that it is fine.
func report(w io.Writer, what string, problems []string) int {
	if len(problems) == 0 {
		fmt.Fprintf(w, "ok  %s\n", what)
		return 0
	}
	fmt.Fprintf(w, "FAIL %s:\n  %s\n", what, strings.Join(problems, "\n  "))
	return len(problems)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
