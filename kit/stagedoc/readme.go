package stagedoc

import (
	"regexp"
	"strconv"
	"strings"
)

// TodoRow is one row of a stage README's TODO table:
//
//	| TODO | where | what |
//	|---|---|---|
//	| 1 | `join`, `leave` | add a client to the room ... |
type TodoRow struct {
	N     int
	Where []string // the functions named, as written: "join", "(*outbox).push"
	What  string
	Line  int // the row's line in the README
}

var (
	tableHead = regexp.MustCompile(`^\|\s*TODO\s*\|`)
	codeSpan  = regexp.MustCompile("`([^`]+)`")
)

// TodoTable reads the first TODO table of a README.
func TodoTable(md string) []TodoRow {
	var rows []TodoRow
	in := false
	for i, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if !in {
			in = tableHead.MatchString(t)
			continue
		}
		if !strings.HasPrefix(t, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(t, "|"), "|")
		n, err := strconv.Atoi(strings.TrimSpace(cells[0]))
		if err != nil {
			continue // the |---| line
		}
		row := TodoRow{N: n, Line: i + 1}
		if len(cells) > 1 {
			for _, m := range codeSpan.FindAllStringSubmatch(cells[1], -1) {
				row.Where = append(row.Where, m[1])
			}
		}
		if len(cells) > 2 {
			row.What = strings.TrimSpace(strings.Join(cells[2:], "|"))
		}
		rows = append(rows, row)
	}
	return rows
}

// Names reports whether a README's "where" entry names the function fn
// ("(*Server).join", "RootServer.open", "Serve"): written in full, or by
// its name alone.
func Names(where, fn string) bool {
	norm := func(s string) string { return strings.NewReplacer("(", "", ")", "", "*", "").Replace(s) }
	if norm(where) == norm(fn) {
		return true
	}
	return !strings.Contains(where, ".") && where == ShortName(fn)
}

// TodoOfFunc is the TODO whose README row names fn, or 0.
func TodoOfFunc(rows []TodoRow, fn string) int {
	for _, r := range rows {
		for _, w := range r.Where {
			if Names(w, fn) {
				return r.N
			}
		}
	}
	return 0
}
