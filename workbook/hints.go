package main

import (
	"os"
	"regexp"
	"strings"
)

// hintSection is one check's hints from a stage's HINTS.md: a heading
// that names the check, then a list running from a nudge to a
// near-answer.
type hintSection struct {
	Heading string
	Hints   []string
}

var (
	headingLine = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	itemLine    = regexp.MustCompile(`^ {0,3}(?:\d{1,3}[.)]|[-*+])\s+(.*)$`)
	fenceLine   = regexp.MustCompile("^\\s*(```|~~~)")
)

// parseHints reads the sections of a HINTS.md. Every heading starts a
// section; the items of the list under it are the hints, each with any
// continuation lines. A section with no list keeps its paragraphs as hints.
func parseHints(text string) []hintSection {
	var out []hintSection
	var sec *hintSection
	var item []string  // the hint being read
	var paras []string // paragraphs, for a section without a list
	var para []string
	inFence := false
	listIndent := -1 // the indentation of the section's first item

	endItem := func() {
		if sec != nil && len(item) > 0 {
			if s := trimBlankLines(item); s != "" {
				sec.Hints = append(sec.Hints, s)
			}
		}
		item = nil
	}
	endPara := func() {
		if len(para) > 0 {
			paras = append(paras, strings.Join(para, "\n"))
		}
		para = nil
	}
	endSection := func() {
		endItem()
		endPara()
		if sec != nil {
			if len(sec.Hints) == 0 {
				sec.Hints = paras
			}
			out = append(out, *sec)
		}
		sec, paras = nil, nil
	}

	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if fenceLine.MatchString(line) {
			inFence = !inFence
		}
		if !inFence {
			if m := headingLine.FindStringSubmatch(line); m != nil && !fenceLine.MatchString(line) {
				endSection()
				sec = &hintSection{Heading: m[2]}
				listIndent = -1
				continue
			}
		}
		if sec == nil {
			continue
		}
		if !inFence {
			// An item starts a new hint unless it is indented deeper than
			// the list's first item: then it is a list inside the hint.
			if m := itemLine.FindStringSubmatch(line); m != nil && (listIndent < 0 || leadingSpaces(line) <= listIndent) {
				if listIndent < 0 {
					listIndent = leadingSpaces(line)
				}
				endItem()
				endPara()
				item = []string{m[1]}
				continue
			}
		}
		switch {
		case len(item) > 0:
			// A continuation of the item: indented text, a blank line,
			// a code block. A line at the margin after a blank line ends it.
			if !inFence && strings.TrimSpace(line) != "" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") &&
				strings.TrimSpace(item[len(item)-1]) == "" {
				endItem()
				para = append(para, strings.TrimSpace(line))
				continue
			}
			item = append(item, dedent(line, 3))
		case strings.TrimSpace(line) == "":
			endPara()
		default:
			para = append(para, strings.TrimSpace(line))
		}
	}
	endSection()
	return out
}

func leadingSpaces(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// dedent removes up to n leading spaces (or one tab).
func dedent(line string, n int) string {
	if strings.HasPrefix(line, "\t") {
		return line[1:]
	}
	i := 0
	for i < n && i < len(line) && line[i] == ' ' {
		i++
	}
	return line[i:]
}

// hintsFor finds the hints for the check at path ("Echo/short",
// "Chat/ChatA/welcome") among the sections, or nil.
func hintsFor(sections []hintSection, path string) []string {
	best, bestScore := -1, 0
	for i, s := range sections {
		if len(s.Hints) == 0 {
			continue
		}
		if sc := matchScore(s.Heading, path); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		return nil
	}
	return sections[best].Hints
}

// matchScore says how well a heading names a check; 0 means not at all.
// Headings may be written "Echo/short", "`TestEcho/short`", "ChatA/welcome"
// for "Chat/ChatA/welcome", or "Chat/welcome" with a middle level left out.
func matchScore(heading, path string) int {
	h := pathParts(heading)
	p := pathParts(path)
	if len(h) == 0 || len(p) == 0 {
		return 0
	}
	if equalParts(h, p) {
		return 100
	}
	// The heading is the end of the path: a suffix of two or more parts,
	// or just the last part when the path is that long.
	if len(h) < len(p) && equalParts(h, p[len(p)-len(h):]) {
		if len(h) >= 2 {
			return 50 + len(h)
		}
		return 10
	}
	// The first and last parts agree, with levels in between left out.
	if len(h) >= 2 && len(h) < len(p) && h[0] == p[0] && equalParts(h[1:], p[len(p)-len(h)+1:]) {
		return 40 + len(h)
	}
	return 0
}

// pathParts splits a heading or check path into comparable parts: no
// backticks or "Test" prefix, lower case, spaces as go test writes them.
func pathParts(s string) []string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "`*_"))
	s = strings.ReplaceAll(s, "`", "")
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "/")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if i == 0 && len(part) > 4 && strings.HasPrefix(part, "Test") {
			part = part[4:]
		}
		parts[i] = strings.ToLower(strings.Join(strings.Fields(part), "_"))
	}
	return parts
}

func equalParts(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// symptomHints are the hints under "## symptom: <id>", or nil.
func symptomHints(sections []hintSection, id string) []string {
	for _, s := range sections {
		if h, ok := strings.CutPrefix(strings.TrimSpace(s.Heading), "symptom:"); ok && strings.TrimSpace(h) == id {
			return s.Hints
		}
	}
	return nil
}

// loadHints reads a stage's HINTS.md; a missing file has no hints.
func loadHints(path string) []hintSection {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return parseHints(string(b))
}
