package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"tcpworkbook/kit/check"
)

var (
	// todoStart is the line that opens a TODO block: "// TODO(2): …" or
	// "// TODO(2), continued: …".
	todoStart = regexp.MustCompile(`^\s*// TODO\((\d+)\)`)
	// codeInComment is Go written out: a short variable declaration, or a
	// call with its arguments.
	codeInComment = regexp.MustCompile(`:=|[A-Za-z_][\w.]*\([^()]*[\w"'][^()]*\)`)
	// todoRef is a TODO named in prose, which is no call.
	todoRef = regexp.MustCompile(`TODO\(\d+\)`)
	// stepLine is a line of a step list.
	stepLine = regexp.MustCompile(`^\s*//\s+(?:[-*•]|\d+[.)])\s`)
)

// checkGuidance holds the starter's TODO blocks to the manifest's
// Guidance: how many lines each may have, and that it asks without
// dictating (no code, no step list), save the worked one.
func checkGuidance(root string, m *check.Manifest) []string {
	g := m.Guidance
	if g.MaxLines == 0 && !g.Plain {
		return nil
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.File)))
	if err != nil {
		return []string{fmt.Sprintf("Manifest.File %s: %v", m.File, err)}
	}
	var problems []string
	for _, b := range todoBlocks(string(src)) {
		problems = append(problems, b.breaches(m.File, g)...)
	}
	return problems
}

// todoBlock is one TODO comment, the paragraph that names TODO(n): its
// number, first line and lines.
type todoBlock struct {
	n     int
	line  int
	lines []string
}

// todoBlocks finds the TODO blocks of a Go source file.
func todoBlocks(src string) []todoBlock {
	var blocks []todoBlock
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		m := todoStart.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := todoBlock{line: i + 1}
		fmt.Sscan(m[1], &b.n)
		for j := i; j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "//"); j++ {
			// A block is a paragraph: it ends at a blank comment line, or
			// where the next TODO starts.
			if j > i && (todoStart.MatchString(lines[j]) || strings.TrimSpace(lines[j]) == "//") {
				break
			}
			b.lines = append(b.lines, lines[j])
			i = j
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// breaches says how b exceeds g.
func (b todoBlock) breaches(file string, g check.Guidance) []string {
	if b.n == g.Worked {
		return nil
	}
	var problems []string
	at := fmt.Sprintf("%s:%d: TODO(%d)", file, b.line, b.n)
	if g.MaxLines > 0 && len(b.lines) > g.MaxLines {
		problems = append(problems, fmt.Sprintf("%s has %d comment lines; this stage's TODOs have at most %d "+
			"(state the goal and its constraints; the recipe goes in HINTS.md)",
			at, len(b.lines), g.MaxLines))
	}
	if !g.Plain {
		return problems
	}
	for i, l := range b.lines {
		l = todoRef.ReplaceAllString(l, "TODO")
		switch {
		case stepLine.MatchString(l):
			problems = append(problems, fmt.Sprintf("%s is a step list (line %d): ask for the goal, and put the steps in HINTS.md", at, b.line+i))
		case codeInComment.MatchString(l):
			problems = append(problems, fmt.Sprintf("%s spells out code (line %d: %q): name the idea, and put the code in HINTS.md",
				at, b.line+i, codeInComment.FindString(l)))
		}
	}
	return problems
}
