package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"

	"tcpworkbook/kit/starters"
)

// file is one file of the skeleton: a template and where it goes.
type file struct{ tmpl, path string }

func files(n names) []file {
	s, sol := n.Dir, filepath.Join("solutions", n.Dir)
	return []file{
		{"stage/go.mod.tmpl", filepath.Join(s, "go.mod")},
		{"stage/README.md.tmpl", filepath.Join(s, "README.md")},
		{"stage/HINTS.md.tmpl", filepath.Join(s, "HINTS.md")},
		{"stage/starter.go.tmpl", filepath.Join(s, n.Pkg+".go")},
		{"stage/starter_test.go.tmpl", filepath.Join(s, n.Pkg+"_test.go")},
		{"stage/suite.go.tmpl", filepath.Join(s, n.Suite, n.Suite+".go")},
		{"stage/manifest.go.tmpl", filepath.Join(s, n.Suite, "manifest.go")},
		{"stage/cmd.go.tmpl", filepath.Join(s, "cmd", n.Pkg, "main.go")},
		{"solutions/reference.go.tmpl", filepath.Join(sol, n.Pkg+".go")},
		{"solutions/reference_test.go.tmpl", filepath.Join(sol, n.Pkg+"_test.go")},
		{"solutions/mutants.go.tmpl", filepath.Join(sol, "mutants", "mutants.go")},
		{"solutions/mutantcmd.go.tmpl", filepath.Join(sol, "mutants", "cmd", n.Pkg+"-mutant", "main.go")},
		{"solutions/cmd.go.tmpl", filepath.Join(sol, "cmd", n.Pkg, "main.go")},
	}
}

// generate writes the skeleton under root and registers the stage.
func generate(root string, n names) error {
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		return fmt.Errorf("%s is not the workspace root (no go.work)", root)
	}
	for _, dir := range []string{n.Dir, filepath.Join("solutions", n.Dir)} {
		if _, err := os.Stat(filepath.Join(root, dir)); err == nil {
			return fmt.Errorf("%s already exists", dir)
		}
	}
	for _, f := range files(n) {
		if err := write(root, f, n); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.ToSlash(f.path))
	}
	// The pristine copy that the progress command's -reset restores, and
	// that stagecheck compares the stage's folder with.
	if _, err := starters.Keep(root, n.Dir); err != nil {
		return err
	}
	fmt.Println("kept", filepath.ToSlash(filepath.Join(starters.Dir, n.Dir)))
	if err := register(root, n); err != nil {
		return err
	}
	return tidy(root, n)
}

func write(root string, f file, n names) error {
	t, err := template.ParseFS(templates, "templates/"+f.tmpl)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, n); err != nil {
		return err
	}
	path := filepath.Join(root, f.path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// register adds the stage to go.work, to the modules that import its
// suite, and to the registry of manifests.
func register(root string, n names) error {
	mod := "tcpworkbook/" + n.Dir
	steps := []struct {
		dir  string
		args []string
	}{
		{".", []string{"work", "use", "./" + n.Dir}},
		{"solutions", []string{"mod", "edit", "-replace", mod + "=../" + n.Dir, "-require", mod + "@v0.0.0-00010101000000-000000000000"}},
		{"workbook", []string{"mod", "edit", "-replace", mod + "=../" + n.Dir, "-require", mod + "@v0.0.0-00010101000000-000000000000"}},
	}
	for _, s := range steps {
		if err := goCmd(filepath.Join(root, s.dir), nil, s.args...); err != nil {
			return err
		}
		fmt.Printf("go %s (in %s)\n", strings.Join(s.args, " "), s.dir)
	}
	if err := addToRegistry(filepath.Join(root, "workbook", "internal", "stages", "stages.go"), n); err != nil {
		return err
	}
	return addToQuickstart(filepath.Join(root, "README.md"), n)
}

// quickstartHeader starts the root README's table of each stage's student
// file, which stagecheck keeps complete.
const quickstartHeader = "| stage | your file |\n|---|---|\n"

// addToQuickstart adds the stage's row, "| 07 | [stage07-tls/tls.go](…) |",
// at the end of the root README's table of the students' files.
func addToQuickstart(path string, n names) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	start := strings.Index(s, quickstartHeader)
	if start < 0 {
		return errors.New(path + " has no table starting " + strings.TrimSpace(quickstartHeader) + ": add the stage's file to the quickstart by hand")
	}
	end := start + len(quickstartHeader)
	for strings.HasPrefix(s[end:], "| ") {
		end += strings.Index(s[end:], "\n") + 1
	}
	file := n.Dir + "/" + n.Pkg + ".go"
	row := fmt.Sprintf("| %s | [%s](%s) |\n", n.NN, file, file)
	fmt.Println("added", file, "to the quickstart's table in", filepath.ToSlash(path))
	return os.WriteFile(path, []byte(s[:end]+row+s[end:]), 0o644)
}

// The registry's markers: newstage writes above them.
const (
	importMark = "\t// newstage: imports above this line\n"
	entryMark  = "\t// newstage: stages above this line\n"
)

func addToRegistry(path string, n names) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	if !strings.Contains(s, importMark) || !strings.Contains(s, entryMark) {
		return errors.New(path + " has lost its newstage markers: add the stage's Manifest there by hand")
	}
	s = strings.Replace(s, importMark, fmt.Sprintf("\t\"tcpworkbook/%s/%s\"\n%s", n.Dir, n.Suite, importMark), 1)
	s = strings.Replace(s, entryMark, fmt.Sprintf("\t&%s.Manifest,\n%s", n.Suite, entryMark), 1)
	fmt.Println("registered", n.Suite+".Manifest in", filepath.ToSlash(path))
	return os.WriteFile(path, []byte(s), 0o644)
}

// tidy completes the go.sum files: each module must build on its own
// (GOWORK=off), as CI checks.
func tidy(root string, n names) error {
	for _, dir := range []string{n.Dir, "solutions", "workbook"} {
		if err := goCmd(filepath.Join(root, dir), []string{"GOWORK=off"}, "mod", "tidy"); err != nil {
			return fmt.Errorf("%v\nthe files are written; run it again when it can: cd %s && GOWORK=off go mod tidy", err, dir)
		}
		fmt.Printf("GOWORK=off go mod tidy (in %s)\n", dir)
	}
	return nil
}

func goCmd(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return nil
}
