package main

import (
	"regexp"
	"strings"
)

// locLine matches the line go test puts before each t.Log or t.Fatal
// message: the source file and line, then the message's first line.
var locLine = regexp.MustCompile(`^[\w.\-]+\.go:\d+: ?(.*)$`)

// message extracts what a test logged, as the suite wrote it: without go
// test's framing lines, its file:line prefix or its indentation.
func message(output string) string {
	var entries [][]string
	var cur []string
	base := -1
	flush := func() {
		if len(cur) > 0 {
			entries = append(entries, cur)
		}
		cur = nil
	}
	for _, line := range strings.Split(strings.TrimRight(output, "\n"), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if isFraming(trimmed) {
			flush()
			base = -1
			continue
		}
		if base < 0 || indent <= base {
			if m := locLine.FindStringSubmatch(trimmed); m != nil {
				flush()
				base = indent
				cur = []string{m[1]}
				continue
			}
		}
		switch {
		case strings.TrimSpace(line) == "":
			cur = append(cur, "")
		case base >= 0 && indent >= base+4:
			cur = append(cur, line[base+4:])
		default:
			cur = append(cur, trimmed)
		}
	}
	flush()
	var parts []string
	for _, e := range entries {
		if s := trimBlankLines(e); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

func isFraming(s string) bool {
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "=== ATTR", "--- FAIL:", "--- PASS:", "--- SKIP:", "--- BENCH:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func trimBlankLines(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}
