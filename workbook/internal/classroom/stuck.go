package classroom

import (
	"fmt"
	"io"
	"sort"
)

// Stuck is where the class is stuck in one stage: the check that is most
// often a student's first failure there, and the TODO it points at.
type Stuck struct {
	Stage    column
	Check    string
	Todo     *Todo
	Students int // how many have it as their first failure
	Working  int // how many have the stage started but not passed
}

// WhereStuck finds, per stage, the most common first failing check among
// the students who have not passed it yet. A student counts in every
// stage they have not passed, not only the first: the instructor sees
// what waits in each stage.
func WhereStuck(students []Student) []Stuck {
	var out []Stuck
	for _, col := range columns(students) {
		counts := map[string]int{}
		todos := map[string]*Todo{}
		working := 0
		for _, s := range students {
			for _, st := range s.Result.Stages {
				if st.Number != col.Number || st.Status == "passed" {
					continue
				}
				working++
				if c := st.firstFailure(); c != nil {
					counts[c.Name]++
					if todos[c.Name] == nil {
						todos[c.Name] = c.Todo
					}
				}
			}
		}
		if len(counts) == 0 {
			continue
		}
		names := make([]string, 0, len(counts))
		for n := range counts {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			if counts[names[i]] != counts[names[j]] {
				return counts[names[i]] > counts[names[j]]
			}
			return names[i] < names[j]
		})
		top := names[0]
		out = append(out, Stuck{Stage: col, Check: top, Todo: todos[top], Students: counts[top], Working: working})
	}
	return out
}

// WriteStuck prints WhereStuck, one line per stage.
func WriteStuck(w io.Writer, stuck []Stuck) {
	if len(stuck) == 0 {
		fmt.Fprintln(w, "Nobody is stuck: every stage anyone has started passes.")
		return
	}
	fmt.Fprintln(w, "Where the class is stuck (the most common first failure of each stage):")
	for _, s := range stuck {
		todo := ""
		if s.Todo != nil {
			todo = fmt.Sprintf(", TODO(%d) in %s", s.Todo.Number, s.Todo.File)
		}
		fmt.Fprintf(w, "  %02d %-9s %s%s: %d of the %d students not done yet\n",
			s.Stage.Number, s.Stage.Name, s.Check, todo, s.Students, s.Working)
	}
}

// WriteReport prints the whole class report: skipped files, the table,
// where the class is stuck, and the CSV.
func WriteReport(w io.Writer, dir string, students []Student, skipped []Skipped) error {
	for _, s := range skipped {
		fmt.Fprintf(w, "skipping %s: %v\n", s.File, s.Why)
	}
	if len(students) == 0 {
		fmt.Fprintf(w, "No results in %s. Each student runs, from the workbook's root:\n"+
			"    go run ./workbook -json > <their name>.json\nand hands in that file.\n", dir)
		return nil
	}
	if len(skipped) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Class report: %d students (checks passed / checks; ✓ the stage passes)\n\n", len(students))
	WriteTable(w, students)
	fmt.Fprintln(w)
	WriteStuck(w, WhereStuck(students))
	fmt.Fprintln(w, "\nThe same table as CSV, for a spreadsheet (-class DIR -csv prints it alone):")
	return WriteCSV(w, students)
}
