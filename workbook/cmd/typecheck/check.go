package main

import (
	"os"
	"slices"

	"golang.org/x/tools/go/packages"
)

// check type-checks the packages that patterns match, in dir, with their
// tests, as they build for GOOS goos. It returns every error found, each
// once (a package and its test variant share most files), in order.
// err is for a load that could not start at all.
func check(dir, goos string, patterns []string) (problems []string, err error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Tests: true,
		Dir:   dir,
		Env:   append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if msg := e.Error(); !seen[msg] {
				seen[msg] = true
				problems = append(problems, msg)
			}
		}
	})
	slices.Sort(problems)
	return problems, nil
}
