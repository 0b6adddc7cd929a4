package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	kit "tcpworkbook/kit/check"
	"tcpworkbook/kit/demo"
	"tcpworkbook/workbook/internal/classroom"
	"tcpworkbook/workbook/internal/stages"
)

// The instructors' modes: -classroom, -class and -demo. Each reads the
// same results or manifests as the student's run; none changes them.

// printClassroom writes results in the form GitHub Classroom's grading
// reporter reads: base64 JSON with a point per check (see
// classroom/README.md). It exits 0 whatever the checks say, so that the
// workflow step hands its result on; 2 only when it could not run.
func printClassroom(stdout, stderr io.Writer, root string, results []*stageResult) int {
	var doc bytes.Buffer
	if err := writeJSON(&doc, root, results); err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 2
	}
	r, err := classroom.Parse(doc.Bytes())
	if err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 2
	}
	encoded, err := classroom.Encode(classroom.Grade(r))
	if err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, encoded)
	return 0
}

// classReport prints the report over a directory of students' -json
// results, or only its CSV.
func classReport(stdout, stderr io.Writer, dir string, csvOnly bool) int {
	students, skipped, err := classroom.ReadClass(dir)
	if err != nil {
		fmt.Fprintf(stderr, "workbook: -class %s: %v\n", dir, err)
		return 2
	}
	if csvOnly {
		for _, s := range skipped {
			fmt.Fprintf(stderr, "skipping %s: %v\n", s.File, s.Why)
		}
		err = classroom.WriteCSV(stdout, students)
	} else {
		err = classroom.WriteReport(stdout, dir, students, skipped)
	}
	if err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 2
	}
	return 0
}

// runDemo starts a stage's reference server on every interface for the
// lecture hall (see kit/demo).
func runDemo(ctx context.Context, stdout, stderr io.Writer, root, arg string, port int) int {
	m, err := demoStage(arg)
	if err != nil {
		fmt.Fprintf(stderr, "workbook: -demo %s: %v\n", arg, err)
		return 2
	}
	cmd := m.Commands[0]
	s := demo.Server{
		Stage:   fmt.Sprintf("%02d %s", m.Number, stageTitle(m)),
		Package: "./solutions/" + m.Dir + "/cmd/" + cmd.Name,
		Join:    cmd.Join,
		Root:    root,
		Port:    port,
	}
	if err := demo.Run(ctx, s, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "workbook: %v\n", err)
		return 1
	}
	return 0
}

// demoStage is the manifest -demo names, by number or name, among the
// stages with a server command.
func demoStage(arg string) (*kit.Manifest, error) {
	var names []string
	for _, m := range stages.All {
		if len(m.Commands) == 0 {
			continue
		}
		names = append(names, fmt.Sprintf("%d (%s)", m.Number, stageTitle(m)))
		if n, err := strconv.Atoi(arg); (err == nil && n == m.Number) || strings.EqualFold(arg, stageTitle(m)) || arg == m.Dir {
			return m, nil
		}
	}
	return nil, fmt.Errorf("no such stage with a server; these have one: %s", strings.Join(names, ", "))
}

// stageTitle is "chat" for stage03-chat.
func stageTitle(m *kit.Manifest) string {
	_, title, _ := strings.Cut(m.Dir, "-")
	return title
}
