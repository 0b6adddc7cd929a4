package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"tcpworkbook/kit/check"
)

// stageFolder is the name of a stage's folder: "stage01-echo".
var stageFolder = regexp.MustCompile(`^stage(\d\d)-[a-z0-9-]+$`)

// What the registry check says.
const (
	notInReadme   = "README.md (the root's) does not name %s, the student's file of %s: add it to the quickstart's table"
	notRegistered = "%s has no entry in workbook/internal/stages/stages.go: add its suite's Manifest there (see CONTRIBUTING.md)"
)

// checkRegistry: every stage folder is in the registry and in go.work,
// and every manifest's Number and Dir agree with each other and exist.
func checkRegistry(root string, all []*check.Manifest) []string {
	var problems []string
	listed := map[string]bool{}
	for _, m := range all {
		listed[m.Dir] = true
		mm := stageFolder.FindStringSubmatch(m.Dir)
		if mm == nil {
			problems = append(problems, fmt.Sprintf("%s: Manifest.Dir is not a stage folder name (stageNN-name)", m.Dir))
			continue
		}
		if n, _ := strconv.Atoi(mm[1]); n != m.Number {
			problems = append(problems, fmt.Sprintf("%s: Manifest.Number is %d, but the folder says %d", m.Dir, m.Number, n))
		}
		if !isDir(filepath.Join(root, m.Dir)) {
			problems = append(problems, fmt.Sprintf("%s: the registry lists it, but there is no such folder", m.Dir))
		}
	}
	// The root README's quickstart tells a student which file is theirs.
	readme, _ := os.ReadFile(filepath.Join(root, "README.md"))
	for _, m := range all {
		if m.File != "" && !strings.Contains(string(readme), m.File) {
			problems = append(problems, fmt.Sprintf(notInReadme, m.File, m.Dir))
		}
	}
	work, _ := os.ReadFile(filepath.Join(root, "go.work"))
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if !e.IsDir() || !stageFolder.MatchString(e.Name()) {
			continue
		}
		if !listed[e.Name()] {
			problems = append(problems, fmt.Sprintf(notRegistered, e.Name()))
		}
		if !strings.Contains(string(work), "./"+e.Name()+"\n") {
			problems = append(problems, fmt.Sprintf("go.work does not use ./%s: go work use ./%s", e.Name(), e.Name()))
		}
	}
	return problems
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
