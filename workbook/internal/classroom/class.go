package classroom

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Student is one student's result in a class directory.
type Student struct {
	Name   string // the file's name without .json
	Result *Result
}

// Skipped is a file of the class directory that could not be read as a
// result, and why.
type Skipped struct {
	File string
	Why  error
}

// ReadClass reads every *.json file in dir as one student's result, named
// after the file. Files that are not results are returned in skipped,
// each with the reason, never as an error: one bad file must not hide the
// rest of the class.
func ReadClass(dir string) (students []Student, skipped []Skipped, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			var r *Result
			if r, err = Parse(data); err == nil {
				students = append(students, Student{Name: strings.TrimSuffix(filepath.Base(f), ".json"), Result: r})
				continue
			}
		}
		skipped = append(skipped, Skipped{File: filepath.Base(f), Why: err})
	}
	sort.Slice(students, func(i, j int) bool { return students[i].Name < students[j].Name })
	return students, skipped, nil
}

// column is one stage of the class table.
type column struct {
	Number int
	Name   string
}

// columns are the stages any student's result has, in order.
func columns(students []Student) []column {
	seen := map[int]string{}
	for _, s := range students {
		for _, st := range s.Result.Stages {
			seen[st.Number] = st.Name
		}
	}
	var cols []column
	for n, name := range seen {
		cols = append(cols, column{n, name})
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].Number < cols[j].Number })
	return cols
}

// cell is what the table shows for one student and stage.
func cell(r *Result, col column) string {
	for _, st := range r.Stages {
		if st.Number != col.Number {
			continue
		}
		switch st.Status {
		case "does-not-compile":
			return "no build"
		case "not-written", "could-not-run":
			return "-"
		}
		text := fmt.Sprintf("%d/%d", st.Passed, st.Total)
		if st.Status == "passed" {
			text += " ✓"
		} else if st.Race == "failed" {
			text += " race"
		}
		return text
	}
	return "-"
}

// WriteTable prints the students × stages table.
func WriteTable(w io.Writer, students []Student) {
	cols := columns(students)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "student")
	for _, c := range cols {
		fmt.Fprintf(tw, "\t%02d %s", c.Number, c.Name)
	}
	fmt.Fprintln(tw)
	for _, s := range students {
		fmt.Fprint(tw, s.Name)
		for _, c := range cols {
			fmt.Fprintf(tw, "\t%s", cell(s.Result, c))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// WriteCSV prints the same table as CSV for a spreadsheet: a passed and a
// total column per stage, so that sums and averages work.
func WriteCSV(w io.Writer, students []Student) error {
	cols := columns(students)
	out := csv.NewWriter(w)
	head := []string{"student"}
	for _, c := range cols {
		label := fmt.Sprintf("%02d %s", c.Number, c.Name)
		head = append(head, label+" passed", label+" total", label+" status")
	}
	if err := out.Write(head); err != nil {
		return err
	}
	for _, s := range students {
		row := []string{s.Name}
		for _, c := range cols {
			passed, total, status := "", "", "missing"
			for _, st := range s.Result.Stages {
				if st.Number == c.Number {
					passed, total, status = strconv.Itoa(st.Passed), strconv.Itoa(st.Total), st.Status
				}
			}
			row = append(row, passed, total, status)
		}
		if err := out.Write(row); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
