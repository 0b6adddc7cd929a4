package pitfalls

import (
	"go/ast"
	"go/types"
)

// UnflushedWriter finds a bufio.Writer on a connection that is never
// flushed, or that a loop writes to and then waits for input with the
// replies still in the buffer.
var UnflushedWriter = newAnalyzer(unflushedWriter,
	`find bufio.Writers on a connection that are not flushed before the server waits

A bufio.Writer sends only when its buffer is full or it is flushed. A server
that writes a reply into one and then waits for the client's next line keeps
the reply in memory while the client waits for it: both wait for ever. The
lecture's third pitfall: flush before you wait, and before you close.`,
	runUnflushedWriter)

const (
	msgNeverFlushed = "%s is written to but never flushed: what it holds never reaches the client (a bufio.Writer sends only when full or flushed)"
	msgLoopUnflush  = "this loop writes to %s and then waits without flushing it: the reply stays in the buffer while the client waits for it"
)

func runUnflushedWriter(c *checker) {
	c.funcs(func(typ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		info := c.pass.TypesInfo
		for _, f := range typ.Params.List {
			if isBufio(info.TypeOf(f.Type), "Writer") {
				for _, name := range f.Names {
					if v := info.Defs[name]; v != nil {
						c.checkWriter(body, v, nil)
					}
				}
			}
		}
		inspectBody(body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, rhs := range as.Rhs {
					if c.isNewNetWriter(rhs) {
						if v := objOf(info, as.Lhs[i]); v != nil && localVar(v) {
							c.checkWriter(body, v, rhs)
						}
					}
				}
			}
			return true
		})
	})
}

// isNewNetWriter reports whether e is bufio.NewWriter or NewWriterSize
// around something that may be a connection.
func (c *checker) isNewNetWriter(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	fn := calleeFunc(c.pass.TypesInfo, call)
	return isFunc(fn, "bufio", "NewWriter", "NewWriterSize") && c.idx.streamLevel(call.Args[0]) >= maybeStream
}

// checkWriter checks the writes to w in body. created is the call that
// made w, or nil for a parameter (whose caller may flush it).
func (c *checker) checkWriter(body *ast.BlockStmt, w types.Object, created ast.Expr) {
	info := c.pass.TypesInfo
	type write struct {
		call  *ast.CallExpr
		loops []ast.Stmt
	}
	var writes []write
	var flushes []ast.Node
	escapes := false
	walkStack(body, func(n ast.Node, stack []ast.Node) {
		switch n := n.(type) {
		case *ast.FuncLit:
			escapes = escapes || mentions(info, n.Body, w)
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				escapes = escapes || isVar(info, elt, w)
			}
		case *ast.ReturnStmt:
			for _, res := range n.Results {
				escapes = escapes || isVar(info, res, w)
			}
		case *ast.SendStmt:
			escapes = escapes || isVar(info, n.Value, w)
		case *ast.AssignStmt:
			for _, rhs := range n.Rhs {
				escapes = escapes || isVar(info, rhs, w)
			}
		case *ast.CallExpr:
			switch {
			case c.isWriteTo(n, w):
				writes = append(writes, write{n, loops(stack)})
			case c.flushes(n, w):
				flushes = append(flushes, n)
			}
		}
	})
	if escapes || len(writes) == 0 {
		return
	}
	if len(flushes) == 0 && created != nil {
		c.report(created, 0, msgNeverFlushed, w.Name())
		return
	}
	for _, wr := range writes {
		for _, l := range wr.loops {
			if !c.sum.blocks(l) {
				continue // a loop that only writes, such as one over a batch of lines
			}
			if !within(flushes, l) {
				c.report(l, 0, msgLoopUnflush, w.Name())
			}
			break
		}
	}
}

// within reports whether any of nodes lies inside n.
func within(nodes []ast.Node, n ast.Node) bool {
	for _, m := range nodes {
		if n.Pos() <= m.Pos() && m.End() <= n.End() {
			return true
		}
	}
	return false
}

// isWriteTo reports whether n is a call that writes into w.
func (c *checker) isWriteTo(n ast.Node, w types.Object) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	if recv, name := method(info, call); recv != nil {
		switch name {
		case "Write", "WriteString", "WriteByte", "WriteRune", "ReadFrom":
			return isVar(info, recv, w)
		}
		return false
	}
	fn := calleeFunc(info, call)
	if isFunc(fn, "io", "WriteString", "Copy", "CopyN", "CopyBuffer") || isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln") {
		return len(call.Args) > 0 && isVar(info, call.Args[0], w)
	}
	return false
}

// flushes reports whether call flushes w: w.Flush(), or a call that is
// handed w and flushes it, or may (a function of another package, other
// than the standard library's writers).
func (c *checker) flushes(call *ast.CallExpr, w types.Object) bool {
	info := c.pass.TypesInfo
	if recv, name := method(info, call); name == "Flush" && isVar(info, recv, w) {
		return true
	}
	for i, arg := range call.Args {
		if !isVar(info, arg, w) {
			continue
		}
		if d := c.idx.declOf(call); d != nil {
			sig := info.TypeOf(call.Fun).(*types.Signature)
			if c.flushesParam(d, argIndex(sig, i)) {
				return true
			}
			continue
		}
		if fn := calleeFunc(info, call); fn == nil || fn.Pkg() == nil || !c.sum.isStd(fn.Pkg()) {
			return true
		}
	}
	return false
}

// flushesParam reports whether d flushes its i-th parameter, a
// bufio.Writer, on some path.
func (c *checker) flushesParam(d *ast.FuncDecl, i int) bool {
	return c.sum.cached(summaryKey{"flushes", d, i}, true, func() bool {
		v := c.sum.paramVar(d.Type, i)
		if v == nil {
			return false
		}
		found := false
		inspectBody(d.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && c.flushes(call, v) {
				found = true
			}
			return !found
		})
		return found
	})
}
