package pitfalls

import (
	"go/ast"
	"go/types"
)

// A read loop often calls the read through a function value:
//
//	next := chunks(conn, pool)
//	for {
//		buf, err := next()
//
// where chunks returns a closure or a method value that reads. These
// functions let the summaries see such a call as the read it is.

// findSources records what is assigned to each local variable of function
// type in the package, for isReaderFuncCall.
func (idx *index) findSources() {
	note := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := lhs.(*ast.Ident)
		if !ok {
			return
		}
		obj := idx.info.ObjectOf(id)
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() {
			return
		}
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			idx.sources[v] = append(idx.sources[v], rhs)
		}
	}
	for _, f := range idx.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						note(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						note(n.Names[i], n.Values[i])
					}
				}
			}
			return true
		})
	}
}

// isReaderFuncCall reports whether call calls a local function value that
// reads: one assigned a function literal that reads, or the result of a
// function of the package that returns such a reader.
func (s *summaries) isReaderFuncCall(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := s.idx.info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	for _, src := range s.idx.sources[v] {
		if s.isReader(src) {
			return true
		}
	}
	return false
}

// isReader reports whether e, an expression of function type, is a
// function that reads when called.
func (s *summaries) isReader(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return s.reads(e.Body)
	case *ast.SelectorExpr:
		sel, ok := s.idx.info.Selections[e]
		if !ok || sel.Kind() != types.MethodVal {
			return false
		}
		d := s.idx.decls[sel.Obj().(*types.Func)]
		return d != nil && s.declOp("reads", d, s.isReadOp)
	case *ast.CallExpr:
		d := s.idx.declOf(e)
		return d != nil && s.returnsReader(d)
	}
	return false
}

// returnsReader reports whether some return statement of d returns a
// function that reads.
func (s *summaries) returnsReader(d *ast.FuncDecl) bool {
	return s.cached(summaryKey{"returns a reader", d, -1}, false, func() bool {
		found := false
		ast.Inspect(d.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // its returns are its own
			case *ast.ReturnStmt:
				for _, r := range n.Results {
					found = found || s.isReader(r)
				}
			}
			return !found
		})
		return found
	})
}
