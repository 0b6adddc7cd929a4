// Command newstage writes the skeleton of a new stage, so that adding one
// is filling in a folder rather than finding every place that knows the
// stages. From the workspace root:
//
//	go run ./workbook/cmd/newstage -num 8 -name tls
//
// It writes stage08-tls/ (README.md with the sections CI reads, HINTS.md,
// a starter with TODO(1), the student's test, the suite package with its
// manifest, cmd/tls and go.mod) and solutions/stage08-tls/ (a reference,
// one mutant and its command, cmd/tls), then adds the stage to go.work,
// to the require and replace lines of solutions/go.mod and
// workbook/go.mod, to the registry in workbook/internal/stages, and to
// the root README's table of the students' files. The
// skeleton passes CI as it is; CONTRIBUTING.md lists what to write next,
// and go run ./workbook/cmd/stagecheck says what is still missing.
package main

import (
	"embed"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"tcpworkbook/review"
)

//go:embed templates
var templates embed.FS

// names are what the templates fill in.
type names struct {
	Num   int    // 8
	NN    string // "08"
	Pkg   string // "tls": the package, the command and the starter's file
	Dir   string // "stage08-tls"
	Suite string // "tlstest"
	Name  string // "TLS"-like: the check group, "Tls"
	Test  string // "TestTls"
	// Pitfalls are what the review looks for in this stage, for the
	// README's section of that name (stagecheck keeps it in step).
	Pitfalls []review.Pitfall
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

func main() {
	num := flag.Int("num", 0, "the stage's number, 1 to 99")
	name := flag.String("name", "", "the stage's short name, lower case letters and digits: the package, command and folder suffix")
	root := flag.String("root", ".", "the workspace root (the folder holding go.work)")
	flag.Parse()
	if *num < 1 || *num > 99 || !validName.MatchString(*name) {
		fmt.Fprintln(os.Stderr, "usage: go run ./workbook/cmd/newstage -num 8 -name tls (a number 1-99, a lower-case name)")
		os.Exit(2)
	}
	n := newNames(*num, *name)
	if err := generate(*root, n); err != nil {
		fmt.Fprintf(os.Stderr, "newstage: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf(nextSteps, n.Dir, n.Dir, n.Dir, n.Dir)
}

func newNames(num int, pkg string) names {
	title := strings.ToUpper(pkg[:1]) + pkg[1:]
	return names{
		Num:   num,
		NN:    fmt.Sprintf("%02d", num),
		Pkg:   pkg,
		Dir:   fmt.Sprintf("stage%02d-%s", num, pkg),
		Suite: pkg + "test",
		Name:  title,
		Test:  "Test" + title,

		Pitfalls: review.Pitfalls(num),
	}
}

// nextSteps is printed once the skeleton is written.
const nextSteps = `
Wrote %s and solutions/%s, and registered the stage.
Next (CONTRIBUTING.md, "Adding a stage"):
  - write the real checks in %s/<name>test, the starter's TODOs, the reference and its mutants;
  - replace every "TODO(author)" in the README, HINTS.md and the manifest;
  - go run ./workbook/cmd/stagecheck     says what still disagrees
  - go test -race ./solutions/%s/...     the reference passes, every mutant is caught
  - bash scripts/check.sh                the whole gate
`
