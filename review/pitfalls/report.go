package pitfalls

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// checker is one analyzer's run over one package.
type checker struct {
	pass    *analysis.Pass
	idx     *index
	pitfall string
	stage   int // 0: not a stage's package
	sum     *summaries
	seen    map[token.Pos]bool
}

// report reports a finding of c's pitfall at n. todo is the TODO it
// belongs to when the pitfall has several in c's stage; 0 means the
// stage's usual one. format and args say what is wrong and why it
// matters; report adds the pitfall's name in front and the TODO behind:
// that of the function the finding is in, when the function holds one
// (see funcTodo), else the pitfall's.
//
// A finding in the statements that directly follow a comment naming its
// own TODO, up to a blank line, is held back: that is a starter's unwritten stub, and the
// checks already send the student there.
func (c *checker) report(n ast.Node, todo int, format string, args ...any) {
	if c.seen == nil {
		c.seen = map[token.Pos]bool{}
	}
	if c.seen[n.Pos()] {
		return
	}
	c.seen[n.Pos()] = true
	if todo == 0 || todoFor(c.pitfall, c.stage) == 0 {
		todo = todoFor(c.pitfall, c.stage)
	}
	todo = c.funcTodo(n.Pos(), todo)
	if todo != 0 && c.openTodo(n, todo) {
		return
	}
	msg := c.pitfall + ": " + fmt.Sprintf(format, args...) + " (" + todoText(c.pitfall, c.stage, todo) + ")"
	c.pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Category: c.pitfall, Message: msg})
}

// todoSuffix matches the TODO at the end of a message made by report.
var todoSuffix = regexp.MustCompile(`\(TODO\((\d+)\)\)$`)

// TodoOf returns the TODO of the finding's own stage that message names,
// or 0 when it names none (the stage has no TODO for the pitfall).
func TodoOf(message string) int {
	m := todoSuffix.FindStringSubmatch(message)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// openTodo reports whether the innermost statement around n is in the
// paragraph right after a comment that names TODO(todo), the statements
// that follow the comment line after line up to a blank line, and that
// paragraph is still the starter's stub (see stubAsGiven). A stub may be
// more than one statement (stage 05's add-then-go).
func (c *checker) openTodo(n ast.Node, todo int) bool {
	file := c.fileOf(n.Pos())
	if file == nil {
		return false
	}
	mark := "TODO(" + strconv.Itoa(todo) + ")"
	path, _ := astutil.PathEnclosingInterval(file, n.Pos(), n.End())
	for i, node := range path {
		stmt, ok := node.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		if _, ok := stmt.(*ast.BlockStmt); ok {
			continue
		}
		list, start := stmtList(path[i+1])
		if list == nil {
			return false
		}
		// The stub is the paragraph the statement is in: the statements
		// on consecutive lines after the comment, up to a blank line.
		k := slices.Index(list, stmt)
		if k < 0 {
			return false
		}
		for k > 0 && c.lineOf(list[k].Pos()) <= c.lineOf(list[k-1].End())+1 {
			k--
		}
		prevEnd := start
		if k > 0 {
			prevEnd = list[k-1].End()
		}
		end := k + 1
		for end < len(list) && c.lineOf(list[end].Pos()) <= c.lineOf(list[end-1].End())+1 {
			end++
		}
		for _, cg := range file.Comments {
			if cg.Pos() >= prevEnd && cg.End() <= list[k].Pos() && strings.Contains(cg.Text(), mark) {
				return c.stubAsGiven(file, cg, list[k:end])
			}
		}
		return false
	}
	return false
}

// stmtList returns the statements of a block-like node and where they
// start, or nil.
func stmtList(n ast.Node) ([]ast.Stmt, token.Pos) {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List, n.Lbrace
	case *ast.CaseClause:
		return n.Body, n.Colon
	case *ast.CommClause:
		return n.Body, n.Colon
	}
	return nil, token.NoPos
}

// fileOf returns the file of the package that holds pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.idx.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// funcs calls f for every function body in the package's files: each
// function declaration and each function literal, with its type.
func (c *checker) funcs(f func(typ *ast.FuncType, body *ast.BlockStmt, decl *ast.FuncDecl)) {
	for _, file := range c.idx.files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					f(n.Type, n.Body, n)
				}
			case *ast.FuncLit:
				f(n.Type, n.Body, nil)
			}
			return true
		})
	}
}

// name returns the source text of a short expression, for messages.
func (c *checker) name(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// lineOf is the line number of pos.
func (c *checker) lineOf(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }
