// Package stagedoc reads what a stage says about its TODOs: the TODO(n)
// comments of its Go files, the function each one belongs to, and the
// TODO table of its README. The progress command uses it to name the TODO
// behind a line of a stack or race report; the maintainers' consistency
// checks use it to keep the three in agreement.
package stagedoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// todoMark finds a TODO marker on a line of a comment: a line that starts
// with "TODO(3):", or "TODO(3)," as in "TODO(3), continued:". A TODO named
// inside a sentence ("as in TODO(2), make f once") is a reference, not a
// marker, and does not claim the code around it.
var todoMark = regexp.MustCompile(`^\s*(?://+|/\*)?\s*(TODO\((\d+)\))[:,]`)

// Marker reports whether a line of a comment starts a TODO: "TODO(3): …"
// or "TODO(3), continued: …", and which. A line that only names a TODO
// ("TODO(4) starts a writer…") goes on the comment it is in.
func Marker(line string) (n int, ok bool) {
	m := todoMark.FindStringSubmatch(line)
	if m == nil {
		return 0, false
	}
	n, _ = strconv.Atoi(m[2])
	return n, true
}

// Comment is one TODO(n) comment of a Go file.
type Comment struct {
	N    int
	Line int    // where the comment line naming it is
	Func string // the function it is in or just above, "" if neither
}

// Func is one function declaration of a file: "Serve", "(*Server).join".
type Func struct {
	Name       string
	Start, End int // lines, the doc comment excluded
}

// Parsed is one Go file, read for its TODOs and functions.
type Parsed struct {
	Funcs    []Func
	Comments []Comment
}

// Parse reads a Go file's functions and TODO(n) comments. A file that
// does not parse yields what could be read.
func Parse(filename string, src []byte) Parsed {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.AllErrors)
	var p Parsed
	if f == nil {
		return p
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		p.Funcs = append(p.Funcs, Func{
			Name:  funcName(fd),
			Start: fset.Position(fd.Pos()).Line,
			End:   fset.Position(fd.End()).Line,
		})
	}
	for _, g := range f.Comments {
		for _, c := range g.List {
			// A /* */ comment spans lines: each is looked at alone.
			for i, l := range strings.Split(c.Text, "\n") {
				m := todoMark.FindStringSubmatch(l)
				if m == nil {
					continue
				}
				n, _ := strconv.Atoi(m[2])
				line := fset.Position(c.Pos()).Line + i
				p.Comments = append(p.Comments, Comment{N: n, Line: line, Func: p.owner(line, fset.Position(g.End()).Line)})
			}
		}
	}
	return p
}

// owner is the function a comment at line belongs to: the one it is in,
// or the one whose declaration starts right after the comment group
// ending at groupEnd (a doc comment, or a TODO written above the function).
func (p Parsed) owner(line, groupEnd int) string {
	if f, ok := p.FuncAt(line); ok {
		return f.Name
	}
	for _, f := range p.Funcs {
		if f.Start > groupEnd && f.Start <= groupEnd+2 {
			return f.Name
		}
	}
	return ""
}

// FuncAt is the function whose body holds line.
func (p Parsed) FuncAt(line int) (Func, bool) {
	for _, f := range p.Funcs {
		if f.Start <= line && line <= f.End {
			return f, true
		}
	}
	return Func{}, false
}

// TodoAt is the TODO that the code at line belongs to: the nearest TODO(n)
// comment at or above line inside its function, else the function's first
// one, else one written just above the function. ok is false when the
// function has none (the student may have deleted them).
func (p Parsed) TodoAt(line int) (todo int, fn string, ok bool) {
	f, in := p.FuncAt(line)
	if !in {
		return 0, "", false
	}
	best, bestLine := 0, 0
	first := 0
	for _, c := range p.Comments {
		if c.Func != f.Name {
			continue
		}
		if first == 0 {
			first = c.N
		}
		if c.Line <= line && c.Line >= bestLine {
			best, bestLine = c.N, c.Line
		}
	}
	if best == 0 {
		best = first
	}
	return best, f.Name, best != 0
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if ix, ok := t.(*ast.IndexExpr); ok { // a generic receiver: T[P]
		t = ix.X
	}
	if ix, ok := t.(*ast.IndexListExpr); ok {
		t = ix.X
	}
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
		if ix, ok := t.(*ast.IndexExpr); ok {
			t = ix.X
		}
	}
	id, _ := t.(*ast.Ident)
	if id == nil {
		return fd.Name.Name
	}
	if star != "" {
		return "(*" + id.Name + ")." + fd.Name.Name
	}
	return id.Name + "." + fd.Name.Name
}

// ShortName is a function's name without its receiver: "join" for
// "(*Server).join".
func ShortName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}
