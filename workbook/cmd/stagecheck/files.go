package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tcpworkbook/kit/check"
)

// checkCarried: every file a starter carries is identical to its source,
// but for the package line when the two packages differ.
func checkCarried(root string, m *check.Manifest) []string {
	var problems []string
	for _, c := range m.Carried {
		from, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c.From)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("Carried %s: %v", c.From, err))
			continue
		}
		to, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c.To)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("Carried %s: %v", c.To, err))
			continue
		}
		if d := firstDifference(withoutPackage(from), withoutPackage(to)); d != "" {
			problems = append(problems, fmt.Sprintf("%s has drifted from %s, which it carries unchanged: %s (copy it again, keeping its package line)", c.To, c.From, d))
		}
	}
	return problems
}

// withoutPackage drops a Go file's package clause, so that a file carried
// into a package of another name still compares equal.
func withoutPackage(b []byte) []string {
	lines := strings.Split(string(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "package ") {
			lines[i] = "package _"
			break
		}
	}
	return lines
}

// firstDifference describes the first line where a and b differ, or "".
func firstDifference(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("line %d is %q there and %q here", i+1, x, y)
		}
	}
	return ""
}

// checkCommands: every command exists in the stage and in its solution.
func checkCommands(root string, m *check.Manifest) []string {
	var problems []string
	if len(m.Commands) == 0 {
		problems = append(problems, "Manifest.Commands is empty: a stage has at least its server's command")
	}
	for _, c := range m.Commands {
		for _, dir := range []string{filepath.Join(m.Dir, "cmd", c.Name), filepath.Join("solutions", m.Dir, "cmd", c.Name)} {
			if !hasGo(filepath.Join(root, dir)) {
				problems = append(problems, fmt.Sprintf("command %s: %s has no main package", c.Name, filepath.ToSlash(dir)))
			}
		}
	}
	return problems
}

func hasGo(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(files) > 0
}
