package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tcpworkbook/kit/stagedoc"
)

// comparer shows a passing stage's TODO functions next to the
// reference's: what the student wrote, and what the reference did
// instead, as a diff.
type comparer struct {
	root   string
	out    *printer
	run    func(context.Context, stage) *stageResult // the stage's checks, without the race detector
	invoke string                                    // how students run this command
}

// compare runs the stage's checks, and once they pass prints the diffs. It
// returns the command's exit status.
func (cp comparer) compare(ctx context.Context, st stage) int {
	p := cp.out
	refDir := filepath.Join(cp.root, "solutions", st.Dir)
	if !dirExists(refDir) {
		p.printf("There is no reference for stage %02d in this copy (no solutions/%s/).\n", st.Num, st.Dir)
		return 2
	}
	p.printf("%s\n", p.dim.Sprintf("Running stage %02d's checks first: the reference is shown once they pass.", st.Num))
	r := cp.run(ctx, st)
	if ctx.Err() != nil {
		return 130
	}
	if r.Status != passed {
		pass, total, _ := r.Counts()
		p.printf("Stage %02d does not pass yet (%d of %d checks). Finish it first: the reference would give away what is left.\n",
			st.Num, pass, total)
		p.printf("For the check you are on: %s -stage %d, then %s -stage %d -hint\n", cp.invoke, st.Num, cp.invoke, st.Num)
		return 1
	}
	md, err := os.ReadFile(filepath.Join(cp.root, st.Dir, "README.md"))
	if err != nil {
		p.printf("workbook: %v\n", err)
		return 2
	}
	mine := parseDir(filepath.Join(cp.root, st.Dir))
	ref := parseDir(refDir)
	p.printf("\n%s\n", p.bold.Sprintf("Stage %02d %s: your code next to the reference's, TODO by TODO", st.Num, st.Name))
	if d := st.reference(); d != "" {
		p.printf("%s\n", p.dim.Sprint("Worth reading in the reference: "+d))
	}
	p.printf("%s\n", p.dim.Sprint("Lines with - are yours only, + the reference's only. Different is not wrong: your code passes."))
	for _, row := range stagedoc.TodoTable(string(md)) {
		p.printf("\n%s\n", p.hi.Sprintf("TODO(%d): %s", row.N, row.What))
		for _, name := range row.Where {
			cp.compareFunc(p, name, mine, ref)
		}
	}
	return 0
}

// compareFunc prints one function's diff, or says why there is none.
func (cp comparer) compareFunc(p *printer, name string, mine, ref []sourceFile) {
	a, aAt := findFunc(mine, name, cp.root, true)
	b, bAt := findFunc(ref, name, cp.root, false)
	switch {
	case b == "":
		p.printf("  %s: the reference has no function of that name\n", name)
		return
	case a == "":
		p.printf("  %s: not in your files (renamed, or folded into another function?); the reference's is at %s\n", name, bAt)
		return
	case a == b:
		p.printf("  %s, at %s: the same as the reference's\n", name, aAt)
		return
	}
	p.printf("  %s\n", p.dim.Sprintf("--- yours: %s   +++ reference: %s", aAt, bAt))
	for _, d := range diffLines(strings.Split(a, "\n"), strings.Split(b, "\n")) {
		switch d.op {
		case '-':
			p.printf("  %s\n", p.red.Sprint("- "+d.text))
		case '+':
			p.printf("  %s\n", p.green.Sprint("+ "+d.text))
		default:
			p.printf("    %s\n", d.text)
		}
	}
}

// sourceFile is one Go file of a folder: its lines, and its functions
// and TODO comments as stagedoc reads them.
type sourceFile struct {
	path   string
	lines  []string
	parsed stagedoc.Parsed
}

// parseDir reads the non-test Go files at the top of dir.
func parseDir(dir string) []sourceFile {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []sourceFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		out = append(out, sourceFile{path, strings.Split(string(src), "\n"), stagedoc.Parse(path, src)})
	}
	return out
}

// findFunc returns the source of the function the README calls name
// ("join", "(*outbox).push", "RootServer.open"), without its doc
// comment, and where it is, relative to root. noTodos leaves out the
// comments that name a TODO, which a student often keeps: they are the
// starter's, not a difference worth showing.
func findFunc(files []sourceFile, name, root string, noTodos bool) (src, at string) {
	for _, f := range files {
		for _, fn := range f.parsed.Funcs {
			if !stagedoc.Names(name, fn.Name) || fn.End > len(f.lines) {
				continue
			}
			drop := map[int]bool{}
			if noTodos {
				drop = todoCommentLines(f, fn)
			}
			var kept []string
			for l := fn.Start; l <= fn.End; l++ {
				if !drop[l] {
					kept = append(kept, f.lines[l-1])
				}
			}
			rel, _ := filepath.Rel(root, f.path)
			return strings.Join(kept, "\n"), fmt.Sprintf("%s:%d", filepath.ToSlash(rel), fn.Start)
		}
	}
	return "", ""
}

// todoCommentLines are the lines of fn's TODO comments: from each line
// that starts one, while the lines are comments.
func todoCommentLines(f sourceFile, fn stagedoc.Func) map[int]bool {
	drop := map[int]bool{}
	for _, c := range f.parsed.Comments {
		if c.Line < fn.Start || c.Line > fn.End {
			continue
		}
		for l := c.Line; l <= fn.End && strings.HasPrefix(strings.TrimSpace(f.lines[l-1]), "//"); l++ {
			drop[l] = true
		}
	}
	return drop
}
