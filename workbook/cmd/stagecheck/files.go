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
		if d := firstDifference(withoutPackage(from), withoutPackage(to)); d != "" { // lines counted from the package clause
			problems = append(problems, fmt.Sprintf("%s has drifted from %s, which it carries unchanged: %s (copy it again, keeping its package line)", c.To, c.From, d))
		}
	}
	return problems
}

// stageFile reads the file called name in the stage's folder. path is
// how reports name it: relative to the root, with slashes.
func stageFile(root string, m *check.Manifest, name string) (path string, text []byte, err error) {
	path = m.Dir + "/" + name
	text, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
	return path, text, err
}

// withoutPackage drops a Go file's package clause and what stands above
// it (a header that says where the copy comes from), so that a file
// carried into a package of another name still compares equal.
func withoutPackage(b []byte) []string {
	lines := strings.Split(string(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "package ") {
			return lines[i+1:]
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
			return fmt.Sprintf("line %d after the package clause is %q there and %q here", i+1, x, y)
		}
	}
	return ""
}

// checkCommands: every command exists in the stage and in its solution,
// and the two main.go files are one program: the same code from the
// package clause on, but for the package they run.
func checkCommands(root string, m *check.Manifest) []string {
	var problems []string
	if len(m.Commands) == 0 {
		problems = append(problems, "Manifest.Commands is empty: a stage has at least its server's command")
	}
	for _, c := range m.Commands {
		starter, solution := filepath.Join(m.Dir, "cmd", c.Name), filepath.Join("solutions", m.Dir, "cmd", c.Name)
		missing := false
		for _, dir := range []string{starter, solution} {
			if !hasGo(filepath.Join(root, dir)) {
				problems = append(problems, fmt.Sprintf("command %s: %s has no main package", c.Name, filepath.ToSlash(dir)))
				missing = true
			}
		}
		if !missing {
			problems = append(problems, sameCommand(root, filepath.Join(starter, "main.go"), filepath.Join(solution, "main.go"))...)
		}
	}
	return problems
}

// sameCommand compares a starter's main.go with the reference's, its doc
// comment and the import of the package it runs aside.
func sameCommand(root, starter, solution string) []string {
	read := func(path string) ([]string, error) {
		b, err := os.ReadFile(filepath.Join(root, path))
		return withoutPackage(bytes.ReplaceAll(b, []byte(`"tcpworkbook/solutions/`), []byte(`"tcpworkbook/`))), err
	}
	a, err := read(solution)
	if err != nil {
		return nil // a command of several files: nothing to compare here
	}
	b, err := read(starter)
	if err != nil {
		return nil
	}
	if d := firstDifference(a, b); d != "" {
		return []string{fmt.Sprintf("%s differs from %s, which is the same program but for its doc comment and import: %s",
			filepath.ToSlash(starter), filepath.ToSlash(solution), d)}
	}
	return nil
}

func hasGo(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(files) > 0
}
