package main

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"tcpworkbook/kit/check"
)

// printExternal writes one line per stage for scripts/check.sh: the
// stage's folder, then VAR=command for each of its commands, built into
// bin.
//
//	stage02-framing WORKBOOK_CMD=bin/lines WORKBOOK_CMD_COUNTER=bin/counter ...
func printExternal(w io.Writer, all []*check.Manifest, bin string) {
	for _, m := range all {
		fields := []string{m.Dir}
		for _, c := range m.Commands {
			fields = append(fields, c.Env()+"="+filepath.Join(bin, c.Name))
		}
		fmt.Fprintln(w, strings.Join(fields, " "))
	}
}

// printMutants writes, for each mutant that can run as an external
// command, one tab-separated line for scripts/check.sh, in manifest order:
// the stage's folder, the -run pattern of its check, the line go test
// prints when that check fails, and VAR=command line.
//
// A mutant runs as an external command when solutions/<Dir>/mutants/cmd
// has a command named after it, or one command named *-mutant (run with
// -mutant <name>). It stands in for the stage's main server
// (WORKBOOK_CMD), so list a mutant of the main server first. check.sh
// takes the first mutant of each stage whose check fails; one whose check
// needs Go hooks is skipped there.
func printMutants(w io.Writer, root string, all []*check.Manifest, bin string) {
	for _, m := range all {
		for _, mu := range m.Mutants {
			if mu.Race {
				continue // only the race detector sees it, and an external server is not built with it
			}
			cmd := mutantCommand(root, m, mu, bin)
			if cmd == "" {
				continue
			}
			test := m.Test + "/" + mu.Check
			fmt.Fprintf(w, "%s\t%s\t--- FAIL: %s \t%s=%s\n", m.Dir, runPattern(test), test, check.CommandEnv, cmd)
		}
	}
}

// mutantCommand is the command line that runs mu, or "": the stage's
// one command named *-mutant, given -mutant <name>, or else a command
// named after the mutant itself.
func mutantCommand(root string, m *check.Manifest, mu check.Mutant, bin string) string {
	dir := filepath.Join(root, "solutions", m.Dir, "mutants", "cmd")
	if hasGo(filepath.Join(dir, mu.Name)) {
		return filepath.Join(bin, mu.Name)
	}
	cmds, _ := filepath.Glob(filepath.Join(dir, "*-mutant"))
	if len(cmds) == 1 && hasGo(cmds[0]) {
		return filepath.Join(bin, filepath.Base(cmds[0])) + " -mutant " + mu.Name
	}
	return ""
}

// runPattern anchors each level of a test name for go test -run.
func runPattern(test string) string {
	parts := strings.Split(test, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}
