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
	"slices"
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
	// Makes names the types whose values its body builds (T{…}, &T{…},
	// new(T)), and Calls the plain functions it calls by name: a
	// helper's code belongs to the TODO of the function that sets it up.
	Makes, Calls []string
	// Defers are its defer statements that call a named function, by
	// that name ("release" for defer slots.release()): a stack shows a
	// deferred call at the function's closing brace, and this is the
	// line that wrote it.
	Defers map[string]int
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
		fn := Func{
			Name:  funcName(fd),
			Start: fset.Position(fd.Pos()).Line,
			End:   fset.Position(fd.End()).Line,
		}
		if fd.Body != nil {
			fn.Makes, fn.Calls = uses(fd.Body)
			fn.Defers = defers(fset, fd.Body)
		}
		p.Funcs = append(p.Funcs, fn)
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

// uses lists the types body builds values of and the plain functions it
// calls by name.
func uses(body *ast.BlockStmt) (makes, calls []string) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if id, ok := n.Type.(*ast.Ident); ok {
				makes = append(makes, id.Name)
			}
		case *ast.CallExpr:
			id, ok := n.Fun.(*ast.Ident)
			if !ok {
				break
			}
			if id.Name == "new" && len(n.Args) == 1 {
				if t, ok := n.Args[0].(*ast.Ident); ok {
					makes = append(makes, t.Name)
				}
				break
			}
			calls = append(calls, id.Name)
		}
		return true
	})
	return makes, calls
}

// Receiver is the type a method name belongs to: "chunkReader" for
// "(*chunkReader).next", "" for a plain function.
func Receiver(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.NewReplacer("(", "", ")", "", "*", "").Replace(name[:i])
}

// Owner is the TODO of a function that holds none of its own, found
// through the code that sets it up: for a method, the function that
// builds its receiver, or else a function that calls that one (a
// constructor). own says what a function holds itself, from its comments
// or the README. 0 if nothing leads to a TODO.
func (p Parsed) Owner(name string, own func(fn string) int) int {
	t := Receiver(name)
	if t == "" {
		return 0
	}
	for _, maker := range p.Funcs {
		if !slices.Contains(maker.Makes, t) {
			continue
		}
		if n := own(maker.Name); n != 0 {
			return n
		}
		for _, caller := range p.Funcs {
			if slices.Contains(caller.Calls, maker.Name) {
				if n := own(caller.Name); n != 0 {
					return n
				}
			}
		}
	}
	return 0
}

// FuncTodo is the first TODO(n) comment that belongs to the function
// called name, or 0.
func (p Parsed) FuncTodo(name string) int {
	for _, c := range p.Comments {
		if c.Func == name {
			return c.N
		}
	}
	return 0
}

// defers maps the name each defer statement of body calls to the
// statement's line (the first, if several call the same name).
func defers(fset *token.FileSet, body *ast.BlockStmt) map[string]int {
	out := map[string]int{}
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // a closure's defers run at the closure's end
		}
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		var name string
		switch f := d.Call.Fun.(type) {
		case *ast.Ident:
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
		if _, seen := out[name]; name != "" && !seen {
			out[name] = fset.Position(d.Pos()).Line
		}
		return true
	})
	return out
}

// DeferredAt is, for a stack frame at line that calls callee, the line
// of the defer statement that called it, when line is the closing brace
// of its function (where a stack shows a deferred call); else line.
func (p Parsed) DeferredAt(line int, callee string) int {
	f, ok := p.FuncAt(line)
	if !ok || line != f.End {
		return line
	}
	if at, ok := f.Defers[ShortName(callee)]; ok {
		return at
	}
	return line
}
