package review

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"tcpworkbook/review/pitfalls"
)

// Check runs stage num's analyzers over packages of the workspace at root
// (the directory that holds go.work) and returns what they find, sorted
// by file and line. patterns are go list patterns relative to root; none
// means the stage's own package, such as ./stage03-chat. Check suites
// (stageNN-x/<x>test) and _test.go files are never reviewed.
//
// An error means the review could not run: no such stage, or code that
// does not compile (the checks say why). Findings are not errors.
func Check(root string, num int, patterns ...string) ([]Finding, error) {
	return check(root, num, nil, patterns)
}

// check is Check with an overlay: file contents that replace those on
// disk, by absolute path, as in packages.Config.Overlay.
func check(root string, num int, overlay map[string][]byte, patterns []string) ([]Finding, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	analyzers := ForStage(num)
	if len(analyzers) == 0 {
		return nil, fmt.Errorf("review: there is no stage %d", num)
	}
	if len(patterns) == 0 {
		dir, err := StageDir(root, num)
		if err != nil {
			return nil, err
		}
		patterns = []string{"./" + dir}
	}
	pkgs, err := load(root, overlay, patterns)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, nil
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			return nil, fmt.Errorf("review: %s on %s: %w", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			findings = append(findings, finding(root, act.Package, d))
		}
	}
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return findings, nil
}

// load loads the packages matched by patterns in the workspace at root,
// with their syntax and types, leaving out check suites.
func load(root string, overlay map[string][]byte, patterns []string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule,
		Dir: root,
		// The workspace's go.work, wherever the caller runs: from the
		// review module alone (GOWORK=off), or from a stage's directory.
		Env:     append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work")),
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("review: loading %s: %w", strings.Join(patterns, " "), err)
	}
	var errs []error
	var out []*packages.Package
	for _, p := range pkgs {
		if pitfalls.IsSuite(p.PkgPath) {
			continue
		}
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("review: the code does not build, so it cannot be reviewed: %w", errors.Join(errs...))
	}
	return out, nil
}

// finding turns a diagnostic of pkg into a Finding. Its message starts
// with the pitfall's name, for go vet; the Finding keeps it apart.
func finding(root string, pkg *packages.Package, d analysis.Diagnostic) Finding {
	posn := pkg.Fset.Position(d.Pos)
	file := posn.Filename
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		file = rel
	}
	return Finding{
		File:    filepath.ToSlash(file),
		Line:    posn.Line,
		Col:     posn.Column,
		Name:    d.Category,
		Message: strings.TrimPrefix(d.Message, d.Category+": "),
		Todo:    pitfalls.TodoOf(d.Message),
	}
}

// StageDir returns the directory of stage num below root, such as
// "stage03-chat".
func StageDir(root string, num int) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(root, fmt.Sprintf("stage%02d-*", num)))
	for _, m := range matches {
		if info, err := os.Stat(m); err == nil && info.IsDir() {
			return filepath.Base(m), nil
		}
	}
	return "", fmt.Errorf("review: no directory stage%02d-* in %s", num, root)
}
