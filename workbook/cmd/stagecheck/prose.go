package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"tcpworkbook/kit/check"
	"tcpworkbook/kit/stagedoc"
)

// A TODO named in prose, with what stands before it: "rename (TODO(3))",
// "`push` (TODO(6))", "stage 01's TODO(2)".
var (
	todoMention = regexp.MustCompile(`TODO\((\d+)\)`)
	fnBefore    = regexp.MustCompile("`?([A-Za-z_][A-Za-z0-9_.]*)`?(?:\\(\\))? \\($")
	otherStage  = regexp.MustCompile(`stage \d\d's $|stage \d\d, $`)
)

// checkProse: every TODO(n) that the suite's messages or HINTS.md name is
// one of the stage's TODOs, and "fn (TODO(n))" names a function of the
// starter whose TODO(n) comment is in or above it. A mention of another
// stage's TODO ("stage 01's TODO(2)") is that stage's business.
func checkProse(root string, m *check.Manifest) []string {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.File)))
	if err != nil {
		return []string{err.Error()}
	}
	parsed := stagedoc.Parse(m.File, src)
	texts, err := suiteProse(root, m)
	if err != nil {
		return []string{err.Error()}
	}
	hints, md, err := stageFile(root, m, "HINTS.md")
	if err != nil {
		return []string{err.Error()}
	}
	for i, line := range strings.Split(string(md), "\n") {
		texts = append(texts, prose{where: fmt.Sprintf("%s:%d", hints, i+1), text: line})
	}
	var problems []string
	for _, p := range texts {
		for _, loc := range todoMention.FindAllStringSubmatchIndex(p.text, -1) {
			before := p.text[:loc[0]]
			if otherStage.MatchString(before) {
				continue
			}
			n, _ := strconv.Atoi(p.text[loc[2]:loc[3]])
			if _, ok := m.Todos[n]; !ok {
				problems = append(problems, fmt.Sprintf("%s names TODO(%d), which the stage does not have", p.where, n))
				continue
			}
			closed := strings.HasPrefix(p.text[loc[1]:], ")") // "fn (TODO(n))", not "fn (TODO(n) works)"
			if fm := fnBefore.FindStringSubmatch(before); fm != nil && closed {
				if msg := misnamed(parsed, fm[1], n); msg != "" {
					problems = append(problems, p.where+": "+msg)
				}
			}
		}
	}
	return problems
}

// misnamed says what is wrong with prose that puts TODO(n) in the
// function fn, or "" when nothing is, or fn is no function of the starter
// (a word such as "loop").
func misnamed(parsed stagedoc.Parsed, fn string, n int) string {
	if !slices.ContainsFunc(parsed.Funcs, func(f stagedoc.Func) bool { return stagedoc.Names(fn, f.Name) }) {
		return ""
	}
	var owners []string
	for _, c := range parsed.Comments {
		if c.N == n && c.Func != "" {
			owners = append(owners, c.Func)
		}
	}
	if len(owners) == 0 || slices.ContainsFunc(owners, func(o string) bool { return stagedoc.Names(fn, o) }) {
		return ""
	}
	return fmt.Sprintf("says %s holds TODO(%d), but that TODO's comments are in %v", fn, n, owners)
}

// prose is one piece of text a student reads, and where it is.
type prose struct{ where, text string }

// suiteProse returns the string literals of the stage's suite packages
// (the folders under m.Dir whose name ends in "test"), tests aside.
func suiteProse(root string, m *check.Manifest) ([]prose, error) {
	dirs, err := filepath.Glob(filepath.Join(root, m.Dir, "*test"))
	if err != nil {
		return nil, err
	}
	var out []prose
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return nil, err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				text, err := strconv.Unquote(lit.Value)
				if err == nil {
					pos := fset.Position(lit.Pos())
					rel, _ := filepath.Rel(root, pos.Filename)
					out = append(out, prose{where: fmt.Sprintf("%s:%d", filepath.ToSlash(rel), pos.Line), text: text})
				}
				return true
			})
		}
	}
	return out, nil
}
