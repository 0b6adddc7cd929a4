package pitfalls

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A finding belongs to the TODO of the function it is in: a write under
// the lock in stage 03's who is TODO(4)'s code, whatever TODO teaches the
// pitfall. The progress command names the TODO behind a stack frame the
// same way (kit/stagedoc; this module does not depend on the kit):
// the TODO(n) comments in or just above the function, or, once the
// student has deleted them, the row of the stage README's TODO table that
// names the function.

// todoMark finds a TODO marker on a line of a comment: a line that starts
// with "TODO(3):", or "TODO(3)," as in "TODO(3), continued:". A TODO named
// inside a sentence ("as in TODO(2), make f once") is a reference, not a
// marker, and claims no code.
var todoMark = regexp.MustCompile(`^\s*(?://+|/\*)?\s*TODO\((\d+)\)[:,]`)

// mark is one TODO(n) marker, at a line of the file.
type mark struct{ n, line int }

// funcTodos is what one function declaration holds.
type funcTodos struct {
	start, end int    // lines of the declaration, its doc comment excluded
	marks      []mark // TODO(n) markers in it or just above it, in order
	table      []int  // else the README rows that name it, in order
}

// buildFuncTodos finds the TODOs each function declaration of files
// holds. readme is the text of the README next to the package's files, ""
// if there is none.
func buildFuncTodos(fset *token.FileSet, files []*ast.File, readme string) map[*ast.FuncDecl]*funcTodos {
	rows := todoTable(readme)
	out := map[*ast.FuncDecl]*funcTodos{}
	for _, f := range files {
		var decls []*ast.FuncDecl
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				decls = append(decls, fd)
				out[fd] = &funcTodos{start: fset.Position(fd.Pos()).Line, end: fset.Position(fd.End()).Line}
			}
		}
		for _, g := range f.Comments {
			groupEnd := fset.Position(g.End()).Line
			for _, cm := range g.List {
				// A /* */ comment spans lines: each is looked at alone.
				for i, l := range strings.Split(cm.Text, "\n") {
					m := todoMark.FindStringSubmatch(l)
					if m == nil {
						continue
					}
					n, _ := strconv.Atoi(m[1])
					line := fset.Position(cm.Pos()).Line + i
					if fd := owner(out, decls, line, groupEnd); fd != nil {
						out[fd].marks = append(out[fd].marks, mark{n, line})
					}
				}
			}
		}
		for _, fd := range decls {
			if ft := out[fd]; len(ft.marks) == 0 {
				ft.table = rows.todosOf(funcName(fd))
			}
		}
	}
	return out
}

// owner is the function a marker at line belongs to: the one it is in,
// or the one whose declaration starts right after the comment group
// ending at groupEnd (a doc comment, or a TODO written above it).
func owner(todos map[*ast.FuncDecl]*funcTodos, decls []*ast.FuncDecl, line, groupEnd int) *ast.FuncDecl {
	for _, fd := range decls {
		if ft := todos[fd]; ft.start <= line && line <= ft.end {
			return fd
		}
	}
	for _, fd := range decls {
		if ft := todos[fd]; ft.start > groupEnd && ft.start <= groupEnd+2 {
			return fd
		}
	}
	return nil
}

// pick returns the TODO that code at line, in this function, belongs to.
// own is the finding's own TODO in the stage (0 if the stage has none for
// the pitfall). The function's own TODOs come first: own if the function
// holds it among others (stage 05's accept holds three), else the nearest
// marker at or above line inside the function, else its first TODO. A
// function that holds none leaves own.
func (ft *funcTodos) pick(line, own int) int {
	held := slices.Clone(ft.table)
	for _, m := range ft.marks {
		held = append(held, m.n)
	}
	if len(held) == 0 || own != 0 && slices.Contains(held, own) {
		return own
	}
	best, bestLine := 0, 0
	for _, m := range ft.marks {
		if m.line >= ft.start && m.line <= line && m.line >= bestLine {
			best, bestLine = m.n, m.line
		}
	}
	if best != 0 {
		return best
	}
	return held[0]
}

// funcTodo returns the TODO that the code at pos belongs to: that of the
// function declaration around it, or own when that function holds none.
// Code of no stage keeps own: its TODO numbers would mean nothing.
func (c *checker) funcTodo(pos token.Pos, own int) int {
	if c.stage == 0 {
		return own
	}
	file := c.fileOf(pos)
	if file == nil {
		return own
	}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			if ft := c.idx.todos[fd]; ft != nil {
				return ft.pick(c.pass.Fset.Position(pos).Line, own)
			}
		}
	}
	return own
}

// readme returns the README.md next to the files of a package, or "".
func readme(fset *token.FileSet, files []*ast.File) string {
	if len(files) == 0 {
		return ""
	}
	dir := filepath.Dir(fset.File(files[0].Pos()).Name())
	b, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return ""
	}
	return string(b)
}

// todoRow is one row of a stage README's TODO table:
//
//	| TODO | where | what |
//	|---|---|---|
//	| 4 | `private`, `who` | `/msg` to one client by name; `/who`, sorted |
type todoRow struct {
	n     int
	where []string // the functions named, as written: "who", "(*outbox).push"
}

type todoRows []todoRow

var (
	tableHead = regexp.MustCompile(`^\|\s*TODO\s*\|`)
	codeSpan  = regexp.MustCompile("`([^`]+)`")
)

// todoTable reads the first TODO table of a README.
func todoTable(md string) todoRows {
	var rows todoRows
	in := false
	for line := range strings.SplitSeq(md, "\n") {
		t := strings.TrimSpace(line)
		if !in {
			in = tableHead.MatchString(t)
			continue
		}
		if !strings.HasPrefix(t, "|") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(t, "|"), "|")
		n, err := strconv.Atoi(strings.TrimSpace(cells[0]))
		if err != nil || len(cells) < 2 {
			continue // the |---| line
		}
		row := todoRow{n: n}
		for _, m := range codeSpan.FindAllStringSubmatch(cells[1], -1) {
			row.where = append(row.where, m[1])
		}
		rows = append(rows, row)
	}
	return rows
}

// todosOf returns the TODOs whose rows name the function fn, in order.
func (rows todoRows) todosOf(fn string) []int {
	var out []int
	for _, r := range rows {
		if slices.ContainsFunc(r.where, func(w string) bool { return namesFunc(w, fn) }) {
			out = append(out, r.n)
		}
	}
	return out
}

// namesFunc reports whether a README's "where" entry names the function
// fn ("(*Server).join", "RootServer.open"): written in full, or by its
// name alone.
func namesFunc(where, fn string) bool {
	norm := strings.NewReplacer("(", "", ")", "", "*", "").Replace
	if norm(where) == norm(fn) {
		return true
	}
	short := fn[strings.LastIndexByte(fn, '.')+1:]
	return !strings.Contains(where, ".") && where == short
}

// funcName names a declaration as a README does: "Serve",
// "(*Server).join", "RootServer.open".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch ix := t.(type) { // a generic receiver: T[P]
	case *ast.IndexExpr:
		t = ix.X
	case *ast.IndexListExpr:
		t = ix.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return fd.Name.Name
	}
	if star != "" {
		return "(*" + id.Name + ")." + fd.Name.Name
	}
	return id.Name + "." + fd.Name.Name
}
