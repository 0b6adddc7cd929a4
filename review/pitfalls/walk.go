package pitfalls

import (
	"go/ast"
	"go/token"
	"go/types"
)

// walkStack calls f for every node in body, with the nodes that enclose
// it, outermost first. It calls f for a function literal inside body but
// does not enter it.
func walkStack(body ast.Node, f func(n ast.Node, stack []ast.Node)) {
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && len(stack) > 0 {
			f(n, stack)
			return false
		}
		f(n, stack)
		stack = append(stack, n)
		return true
	})
}

// loops returns the for and range statements in stack, innermost first.
func loops(stack []ast.Node) []ast.Stmt {
	var out []ast.Stmt
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			out = append(out, s.(ast.Stmt))
		}
	}
	return out
}

// loopBody returns the body of a for or range statement.
func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// nextStmt returns the statement after stmt in the list that holds it,
// whose holder is parent, or nil if stmt is the last.
func nextStmt(parent ast.Node, stmt ast.Stmt) ast.Stmt {
	list, _ := stmtList(parent)
	for i, s := range list {
		if s == stmt && i+1 < len(list) {
			return list[i+1]
		}
	}
	return nil
}

// leaves reports whether stmt ends the loop or function it is in, or
// jumps: a return, a break or goto, or a call that never returns.
// continue does not count: the loop goes on.
func (s *summaries) leaves(stmt ast.Stmt) bool {
	switch st := stmt.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.BREAK || st.Tok == token.GOTO
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok {
			return !s.mayReturn(call)
		}
	}
	return false
}

// exits reports whether a block ends by leaving, or by continue: either
// way the code after it in the loop does not run.
func (s *summaries) exits(body []ast.Stmt) bool {
	if len(body) == 0 {
		return false
	}
	last := body[len(body)-1]
	if br, ok := last.(*ast.BranchStmt); ok && br.Tok == token.CONTINUE {
		return true
	}
	return s.leaves(last)
}

// localVar reports whether obj is a variable local to a function.
func localVar(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && !v.IsField() && v.Parent() != nil && v.Parent() != v.Pkg().Scope()
}
