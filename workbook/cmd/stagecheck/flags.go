package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"tcpworkbook/kit/check"
	kitrun "tcpworkbook/kit/run"
)

// kitFlags are the flags every command has from kit/run, documented once
// in the root README rather than in each manifest.
var kitFlags = []string{kitrun.AddrFlag.Name}

// cmdFlag is one flag as a command's -h prints it.
type cmdFlag struct{ name, def, usage string }

// checkFlags builds each command of the stage, starter and reference,
// and checks what their -h says against the stage's facts: the two print
// the same flags; each command's flags, but the kit's, are exactly those
// Manifest.Commands lists; the README's "Flags" table names exactly the
// flags of the stage's commands; and a default given in the README or in
// a manifest's usage ("(default 4096)") is the one the command has.
func checkFlags(root string, m *check.Manifest) []string {
	bin, err := os.MkdirTemp("", "stagecheck-flags")
	if err != nil {
		return []string{err.Error()}
	}
	defer os.RemoveAll(bin)
	var problems []string
	all := map[string]cmdFlag{}
	for _, c := range m.Commands {
		starter, err := helpFlags(root, bin, "./"+m.Dir+"/cmd/"+c.Name)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		ref, err := helpFlags(root, bin, "./solutions/"+m.Dir+"/cmd/"+c.Name)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if !slices.Equal(starter, ref) {
			problems = append(problems, fmt.Sprintf("command %s: the starter's -h says %v, the reference's %v: they take the same flags", c.Name, starter, ref))
		}
		problems = append(problems, compareListed(c, ref)...)
		for _, f := range ref {
			all[f.name] = f
		}
	}
	return append(problems, compareReadme(root, m, all)...)
}

// compareListed compares a command's flags with its Manifest entry.
func compareListed(c check.Command, got []cmdFlag) []string {
	var problems []string
	var listed []string
	for _, f := range c.Flags {
		name := f.FlagName()
		listed = append(listed, name)
		i := slices.IndexFunc(got, func(g cmdFlag) bool { return g.name == name })
		if i < 0 {
			problems = append(problems, fmt.Sprintf("command %s: Manifest.Commands lists -%s, which its -h does not have", c.Name, name))
			continue
		}
		if d := f.DefaultText(); !sameDefault(d, got[i].def) {
			problems = append(problems, fmt.Sprintf("command %s: Manifest.Commands says -%s defaults to %s; its -h says %s", c.Name, name, d, got[i].def))
		}
	}
	for _, g := range got {
		if !slices.Contains(listed, g.name) && !slices.Contains(kitFlags, g.name) {
			problems = append(problems, fmt.Sprintf("command %s: its -h has -%s, which Manifest.Commands does not list", c.Name, g.name))
		}
	}
	return problems
}

// compareReadme compares the README's "Flags" table with the flags of
// the stage's commands. A stage whose commands have only the kit's flags
// may have no table.
func compareReadme(root string, m *check.Manifest, all map[string]cmdFlag) []string {
	path, md, err := stageFile(root, m, "README.md")
	if err != nil {
		return []string{err.Error()}
	}
	rows, ok := flagsTable(string(md))
	var problems []string
	for name := range all {
		if _, in := rows[name]; !in && (ok || !slices.Contains(kitFlags, name)) {
			problems = append(problems, fmt.Sprintf("%s: the Flags table does not list -%s, which a command of the stage has", path, name))
		}
	}
	for name, def := range rows {
		f, in := all[name]
		switch {
		case !in:
			problems = append(problems, fmt.Sprintf("%s: the Flags table lists -%s, which no command of the stage has", path, name))
		case def != "" && !sameDefault(def, f.def):
			problems = append(problems, fmt.Sprintf("%s: the Flags table says -%s defaults to %s; the command's -h says %s", path, name, def, f.def))
		}
	}
	return problems
}

// sameDefault reports whether two texts name the same default. -h prints
// none for a zero value, so "" stands for 0, 0s and false.
func sameDefault(a, b string) bool {
	zero := func(s string) bool { return s == "" || s == "0" || s == "0s" || s == "false" }
	return a == b || zero(a) && zero(b)
}

// helpFlags builds the command in pkg and reads the flags its -h prints.
func helpFlags(root, bin, pkg string) ([]cmdFlag, error) {
	out := filepath.Join(bin, strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "_"))
	build := exec.Command("go", "build", "-o", out, pkg)
	build.Dir = root
	if msg, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
	}
	help, _ := exec.Command(out, "-h").CombinedOutput() // -h exits with status 0 or 2
	return parseHelp(string(help)), nil
}

var (
	helpFlag    = regexp.MustCompile(`^  -(\S+)`)
	helpDefault = regexp.MustCompile(`\(default "?([^")]*)"?\)\s*$`)
)

// parseHelp reads the flags of a flag.PrintDefaults listing.
func parseHelp(help string) []cmdFlag {
	var flags []cmdFlag
	for line := range strings.SplitSeq(help, "\n") {
		if m := helpFlag.FindStringSubmatch(line); m != nil {
			flags = append(flags, cmdFlag{name: m[1]})
			continue
		}
		if n := len(flags); n > 0 && strings.HasPrefix(line, "    \t") {
			usage := strings.TrimPrefix(line, "    \t")
			flags[n-1].usage += usage
			if d := helpDefault.FindStringSubmatch(usage); d != nil {
				flags[n-1].def = d[1]
			}
		}
	}
	return flags
}

// defaultIn is the default a usage text states, "(default 4096)", or "".
func defaultIn(usage string) string {
	if m := regexp.MustCompile(`\(default ([^);]+)[);]`).FindStringSubmatch(usage); m != nil {
		return strings.Trim(m[1], "`\"")
	}
	return ""
}

// flagsLines returns the lines of the table in the README's "## Flags"
// section.
func flagsLines(md string) []string {
	var lines []string
	in := false
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.TrimSpace(line) == "## Flags"
			continue
		}
		if in && strings.HasPrefix(line, "|") {
			lines = append(lines, line)
		}
	}
	return lines
}

// flagsTable reads the README's "## Flags" table: each row's flag (the
// first `-name` in it) and the default it gives, from a "default" column
// or "(default X" in its text, or "". ok is false when there is no table.
func flagsTable(md string) (rows map[string]string, ok bool) {
	rows = map[string]string{}
	defCol := -1
	for _, line := range flagsLines(md) {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if slices.Contains(cells, "flag") {
			defCol = slices.Index(cells, "default")
			ok = true
			continue
		}
		m := flagCell.FindStringSubmatch(line)
		if m == nil {
			continue // the |---| line
		}
		def := defaultIn(line)
		if defCol >= 0 && defCol < len(cells) {
			def = strings.Trim(cells[defCol], "`")
		}
		rows[m[1]] = def
	}
	return rows, ok
}
