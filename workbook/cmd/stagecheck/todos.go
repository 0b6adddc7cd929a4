package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/stagedoc"
)

// checkTodos: Manifest.Todos, the TODO(n) comments of the starter file
// and the rows of the README's TODO table name the same numbers; each
// README row names a function whose TODO(n) comment is in or above it;
// each mutant's Todo is one of them.
func checkTodos(root string, m *check.Manifest) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	manifest := keys(m.Todos)

	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.File)))
	if err != nil {
		add("Manifest.File %s: %v", m.File, err)
		return problems
	}
	parsed := stagedoc.Parse(m.File, src)
	inFile := map[int]stagedoc.Comment{}
	for _, c := range parsed.Comments {
		if _, seen := inFile[c.N]; !seen {
			inFile[c.N] = c
		}
	}
	readmePath, md, err := stageFile(root, m, "README.md")
	if err != nil {
		add("%s: %v", readmePath, err)
		return problems
	}
	rows := stagedoc.TodoTable(string(md))
	inReadme := map[int]stagedoc.TodoRow{}
	for _, r := range rows {
		inReadme[r.N] = r
	}

	all := map[int]bool{}
	for _, n := range manifest {
		all[n] = true
	}
	for n := range inFile {
		all[n] = true
	}
	for n := range inReadme {
		all[n] = true
	}
	for _, n := range keys(all) {
		_, inM := m.Todos[n]
		_, inF := inFile[n]
		_, inR := inReadme[n]
		if !inM {
			add("TODO(%d) is in %s but not in the suite's Manifest.Todos", n, where(inF, m.File, inR, readmePath))
		}
		if !inF {
			add("TODO(%d) is in %s but %s has no TODO(%d) comment", n, where(inM, "Manifest.Todos", inR, readmePath), m.File, n)
		}
		if !inR {
			add("TODO(%d) is in %s but not in the TODO table of %s", n, where(inM, "Manifest.Todos", inF, m.File), readmePath)
		}
	}
	// A README row's functions: the TODO(n) comment sits in or above one
	// of them, so the table tells a student where to look.
	for _, r := range rows {
		if len(r.Where) == 0 {
			continue
		}
		var owners []string
		for _, c := range parsed.Comments {
			if c.N == r.N && c.Func != "" {
				owners = append(owners, c.Func)
			}
		}
		if len(owners) == 0 {
			continue // no comment, or none in a function: reported above or fine
		}
		if !slices.ContainsFunc(owners, func(fn string) bool {
			return slices.ContainsFunc(r.Where, func(w string) bool { return stagedoc.Names(w, fn) })
		}) {
			add("%s:%d: the TODO table says TODO(%d) is in %v, but its comments in %s are in %v", readmePath, r.Line, r.N, r.Where, m.File, owners)
		}
	}
	for _, mu := range m.Mutants {
		if mu.Todo != 0 && !all[mu.Todo] {
			add("mutant %s points at TODO(%d), which the stage does not have", mu.Name, mu.Todo)
		}
	}
	return problems
}

func where(a bool, aName string, b bool, bName string) string {
	switch {
	case a && b:
		return aName + " and " + bName
	case a:
		return aName
	default:
		return bName
	}
}

func keys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
