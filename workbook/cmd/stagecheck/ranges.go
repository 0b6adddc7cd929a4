package main

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tcpworkbook/kit/check"
	kitrun "tcpworkbook/kit/run"
)

// checkRanges compares the range the README's Flags table gives each
// flag ("1 to 1,000,000", "1ms to 24h") with the one the flag's facts
// refuse outside of: a student who reads the table must not be surprised
// by the command refusing a value at start-up.
func checkRanges(root string, m *check.Manifest) []string {
	path, md, err := stageFile(root, m, "README.md")
	if err != nil {
		return []string{err.Error()}
	}
	rows := flagRows(string(md))
	var problems []string
	for _, c := range m.Commands {
		for _, f := range c.Flags {
			row, ok := rows[f.FlagName()]
			if !ok {
				continue // compareReadme says so, once the commands are built
			}
			if p := compareRange(f, row); p != "" {
				problems = append(problems, fmt.Sprintf("%s: the Flags table's -%s: %s", path, f.FlagName(), p))
			}
		}
	}
	return problems
}

// rangeIn finds "lo to hi" in a row of the table.
var rangeIn = regexp.MustCompile("([0-9][0-9,_]*[a-zµ]*) to ([0-9][0-9,_.]*[a-zµ]*)")

// compareRange says how row's range differs from flag f's, or "".
func compareRange(f kitrun.Flag, row string) string {
	m := rangeIn.FindStringSubmatch(row)
	switch f := f.(type) {
	case kitrun.Int:
		want := fmt.Sprintf("%d to %d", f.Min, f.Max)
		if m == nil {
			return "gives no range; the command takes " + want
		}
		lo, errLo := strconv.Atoi(strings.NewReplacer(",", "", "_", "").Replace(m[1]))
		hi, errHi := strconv.Atoi(strings.NewReplacer(",", "", "_", "").Replace(m[2]))
		if errLo != nil || errHi != nil || lo != f.Min || hi != f.Max {
			return fmt.Sprintf("says %s to %s; the command takes %s", m[1], m[2], want)
		}
	case kitrun.Duration:
		want := fmt.Sprintf("%s to %s", f.Min, f.Max)
		if f.Max == math.MaxInt64 {
			if !strings.Contains(row, "at least "+f.Min.String()) {
				return "should say the command takes at least " + f.Min.String()
			}
			return ""
		}
		if m == nil {
			return "gives no range; the command takes " + want
		}
		lo, errLo := time.ParseDuration(m[1])
		hi, errHi := time.ParseDuration(m[2])
		if errLo != nil || errHi != nil || lo != f.Min || hi != f.Max {
			return fmt.Sprintf("says %s to %s; the command takes %s", m[1], m[2], want)
		}
	}
	return ""
}

// flagRows reads the README's "## Flags" table: each row's text, by the
// flag it names first (`-name`).
func flagRows(md string) map[string]string {
	rows := map[string]string{}
	for _, line := range flagsLines(md) {
		if m := flagCell.FindStringSubmatch(line); m != nil {
			rows[m[1]] = line
		}
	}
	return rows
}

var flagCell = regexp.MustCompile("`-([a-z-]+)")
