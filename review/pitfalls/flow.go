package pitfalls

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"
)

// This file follows a connection along every path through a function, to
// find one on which nobody closes it or takes it over.

// mayReturn reports whether a call can return: not panic, os.Exit,
// runtime.Goexit, or log's Fatal and Panic functions and methods. A path
// that ends in one of those leaks nothing worth reporting.
func (s *summaries) mayReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := s.idx.info.Uses[id].(*types.Builtin); ok && id.Name == "panic" {
			return false
		}
	}
	fn := calleeFunc(s.idx.info, call)
	if fn == nil || fn.Pkg() == nil {
		return true
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() != "Exit"
	case "runtime":
		return fn.Name() != "Goexit"
	case "log":
		return !strings.HasPrefix(fn.Name(), "Fatal") && !strings.HasPrefix(fn.Name(), "Panic")
	}
	return true
}

// ownsParam reports whether d takes over its i-th parameter, a
// connection: closes it, or hands it on, on every path.
func (s *summaries) ownsParam(d *ast.FuncDecl, i int) bool {
	return s.cached(summaryKey{"owns", d, i}, true, func() bool {
		v := s.paramVar(d.Type, i)
		return v != nil && s.leak(d.Body, v, nil, nil) == nil
	})
}

// leak looks for a path through body on which v is neither closed nor
// handed on, and returns where that path ends: a return statement, or
// start again when the path loops back to it. It returns nil when there
// is no such path.
//
// With start nil, paths begin at the top of body; else just after the
// statement start, which assigned v. errVar, if not nil, is the error
// returned with v: branches on which it is known to be non-nil are
// skipped, since v is nil there.
func (s *summaries) leak(body *ast.BlockStmt, v types.Object, start ast.Node, errVar types.Object) ast.Node {
	g := cfg.New(body, s.mayReturn)
	first, from := g.Blocks[0], 0
	if start != nil {
		first = nil
		for _, b := range g.Blocks {
			for j, n := range b.Nodes {
				if n == start {
					first, from = b, j+1
				}
			}
		}
		if first == nil {
			return nil
		}
	}
	visited := map[*cfg.Block]bool{}
	var visit func(b *cfg.Block, from int) ast.Node
	visit = func(b *cfg.Block, from int) ast.Node {
		for _, n := range b.Nodes[from:] {
			if start != nil && n == start {
				return start
			}
			if s.releases(n, v) {
				return nil
			}
		}
		if len(b.Nodes) > 0 {
			if r, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt); ok {
				return r
			}
		}
		succs := b.Succs
		if len(succs) == 2 && errVar != nil {
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
				onTrue, onFalse := errImplied(s.idx.info, cond, errVar)
				switch {
				case onTrue:
					succs = succs[1:]
				case onFalse:
					succs = succs[:1]
				}
			}
		}
		for _, next := range succs {
			if visited[next] {
				continue
			}
			visited[next] = true
			if end := visit(next, 0); end != nil {
				return end
			}
		}
		return nil
	}
	return visit(first, from)
}

// releases reports whether n closes v or hands it on: to a goroutine, a
// closure, a struct, a channel, a caller, or a function that takes it
// over. Handing on is trusted: the new owner is not followed further.
func (s *summaries) releases(n ast.Node, v types.Object) bool {
	info := s.idx.info
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			found = handsOn(info, m.Body, v)
			return false
		case *ast.GoStmt:
			if lit, ok := ast.Unparen(m.Call.Fun).(*ast.FuncLit); ok {
				found = handsOn(info, lit.Body, v)
			}
			for _, arg := range m.Call.Args {
				found = found || mentions(info, arg, v)
			}
			return false
		case *ast.CallExpr:
			if recv, name := method(info, m); name == "Close" && isVar(info, recv, v) {
				found = true
			}
			for i, arg := range m.Args {
				if isVar(info, arg, v) && s.ownsArg(m, i) {
					found = true
				}
			}
		case *ast.CompositeLit:
			for _, elt := range m.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				found = found || isVar(info, elt, v)
			}
		case *ast.AssignStmt:
			for _, rhs := range m.Rhs {
				found = found || isVar(info, rhs, v)
			}
		case *ast.ValueSpec:
			for _, val := range m.Values {
				found = found || isVar(info, val, v)
			}
		case *ast.SendStmt:
			found = isVar(info, m.Value, v)
		case *ast.ReturnStmt:
			for _, res := range m.Results {
				found = found || isVar(info, res, v)
			}
		}
		return !found
	})
	return found
}

// handsOn reports whether a function literal's body may take over v:
// it closes v, or uses it other than to call one of its methods (such as
// a wake-up's conn.SetReadDeadline, which leaves v to its owner).
func handsOn(info *types.Info, body ast.Node, v types.Object) bool {
	found := false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v && !calledOn(info, id, stack) {
			found = true
		}
		stack = append(stack, n)
		return !found
	})
	return found
}

// calledOn reports whether id, whose enclosing nodes are stack, is the
// receiver of a method call other than Close: id.m(...).
func calledOn(info *types.Info, id *ast.Ident, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
	if !ok || sel.X != id || sel.Sel.Name == "Close" {
		return false
	}
	call, ok := stack[len(stack)-2].(*ast.CallExpr)
	if s, isMethod := info.Selections[sel]; !isMethod || s.Kind() != types.MethodVal {
		return false
	}
	return ok && call.Fun == sel
}

// isVar reports whether e is v itself, or v converted or asserted to
// another type (which makes a second name for the same connection).
func isVar(info *types.Info, e ast.Expr, v types.Object) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[e] == v
	case *ast.TypeAssertExpr:
		return isVar(info, e.X, v)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return isVar(info, e.Args[0], v)
		}
	}
	return false
}

// ownsArg reports whether the function call calls takes over the
// connection passed as its i-th argument. A function of this package is
// asked (ownsParam); one of the standard library never does, unless it
// returns a connection (tls.Server wraps it); any other, or a function
// value, is trusted to.
func (s *summaries) ownsArg(call *ast.CallExpr, i int) bool {
	if d := s.idx.declOf(call); d != nil {
		sig := s.idx.info.TypeOf(call.Fun).(*types.Signature)
		return s.ownsParam(d, argIndex(sig, i))
	}
	fn := calleeFunc(s.idx.info, call)
	if fn == nil || fn.Pkg() == nil || !s.isStd(fn.Pkg()) {
		return true
	}
	res := fn.Type().(*types.Signature).Results()
	for j := range res.Len() {
		if s.idx.isConn(res.At(j).Type()) {
			return true
		}
	}
	return false
}

// isStd reports whether pkg belongs to the standard library: its path's
// first element has no dot and is not the analyzed package's own.
func (s *summaries) isStd(pkg *types.Package) bool {
	first, _, _ := strings.Cut(pkg.Path(), "/")
	return !strings.Contains(first, ".") && first != s.idx.root
}

// errImplied reports whether cond, when true, implies that err is not
// nil, and whether it does so when false.
func errImplied(info *types.Info, cond ast.Expr, err types.Object) (onTrue, onFalse bool) {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			t, f := errImplied(info, c.X, err)
			return f, t
		}
	case *ast.BinaryExpr:
		switch c.Op {
		case token.NEQ, token.EQL:
			if isVar(info, c.X, err) && isNil(info, c.Y) || isVar(info, c.Y, err) && isNil(info, c.X) {
				return c.Op == token.NEQ, c.Op == token.EQL
			}
		case token.LAND: // true: both hold
			t1, _ := errImplied(info, c.X, err)
			t2, _ := errImplied(info, c.Y, err)
			return t1 || t2, false
		case token.LOR: // false: neither holds
			_, f1 := errImplied(info, c.X, err)
			_, f2 := errImplied(info, c.Y, err)
			return false, f1 || f2
		}
	case *ast.CallExpr:
		// errors.Is and errors.As are false for a nil error, and so is any
		// sane predicate on an error, such as isTemporary(err). Trusting
		// that can only hide a leak, never invent one.
		if t, ok := info.TypeOf(c).Underlying().(*types.Basic); ok && t.Kind() == types.Bool {
			for _, arg := range c.Args {
				if isVar(info, arg, err) {
					return true, false
				}
			}
		}
	}
	return false, false
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}
