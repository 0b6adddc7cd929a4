package pitfalls

import (
	"go/ast"
	"go/types"
)

// ConnNotClosed finds a connection that some path leaves open: one
// accepted and then neither closed nor handed to a handler, or one handed
// to a goroutine that can return without closing it.
var ConnNotClosed = newAnalyzer(connNotClosed,
	`find connections that some path leaves open

An accepted connection must be closed, or handed to the goroutine that will
close it, on every path; and that goroutine must close it on every path,
best with defer conn.Close() at its top. A leaked connection keeps its file
descriptor for as long as the process lives, and its client waits for an
EOF that never comes.`,
	runConnNotClosed)

const (
	msgAcceptReturns = "conn from Accept can reach the return on line %d neither closed nor handed on: it keeps a file descriptor and its client hangs"
	msgAcceptLoops   = "conn from Accept can be dropped before the next Accept, neither closed nor handed on: it keeps a file descriptor and its client hangs"
	msgAcceptDropped = "the connection from Accept is thrown away unclosed: it keeps a file descriptor and its client hangs; close it or serve it"
	msgHandlerLeaks  = "%s can return (line %d) with %s still open: a leaked connection keeps its file descriptor and its client never sees EOF"
)

func runConnNotClosed(c *checker) {
	accepted := map[types.Object]bool{}
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		inspectBody(body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				if v := c.checkAccept(as, body); v != nil {
					accepted[v] = true
				}
			}
			return true
		})
	})
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		inspectBody(body, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				c.checkGo(g, accepted)
			}
			return true
		})
	})
}

// checkAccept checks that the connection as assigns from Accept, if it
// does, is closed or handed on along every path through body, and
// returns its variable.
func (c *checker) checkAccept(as *ast.AssignStmt, body *ast.BlockStmt) types.Object {
	if len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if _, name := method(c.pass.TypesInfo, call); name != "Accept" && name != "AcceptTCP" {
		return nil
	}
	if !c.idx.isConn(c.pass.TypesInfo.TypeOf(as.Lhs[0])) {
		return nil
	}
	if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
		c.report(as, 0, msgAcceptDropped)
		return nil
	}
	v := objOf(c.pass.TypesInfo, as.Lhs[0])
	if v == nil {
		return nil
	}
	switch end := c.sum.leak(body, v, as, objOf(c.pass.TypesInfo, as.Lhs[1])); {
	case end == nil:
	case end == ast.Node(as):
		c.report(as, 0, msgAcceptLoops)
	default:
		c.report(as, 0, msgAcceptReturns, c.line(end))
	}
	return v
}

// checkGo checks the goroutine g starts, when it is handed a connection:
// it must close it, or hand it on, whichever way it returns.
func (c *checker) checkGo(g *ast.GoStmt, accepted map[types.Object]bool) {
	info := c.pass.TypesInfo
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		for i, arg := range g.Call.Args {
			if c.idx.isConn(info.TypeOf(arg)) {
				c.checkHandler(lit.Type, lit.Body, i, "the goroutine")
			}
		}
		// A connection from Accept that the literal uses belongs to it.
		for v := range accepted {
			if mentions(info, lit.Body, v) {
				if end := c.sum.leak(lit.Body, v, nil, nil); end != nil {
					c.report(g, 0, msgHandlerLeaks, "the goroutine", c.line(end), v.Name())
				}
			}
		}
		return
	}
	d := c.idx.declOf(g.Call)
	if d == nil {
		return
	}
	sig := info.TypeOf(g.Call.Fun).(*types.Signature)
	for i, arg := range g.Call.Args {
		if c.idx.isConn(info.TypeOf(arg)) {
			c.checkHandler(d.Type, d.Body, argIndex(sig, i), d.Name.Name)
		}
	}
}

// checkHandler checks that the body of a goroutine's function closes or
// hands on its i-th parameter, a connection, on every path.
func (c *checker) checkHandler(typ *ast.FuncType, body *ast.BlockStmt, i int, who string) {
	v := c.sum.paramVar(typ, i)
	if v == nil {
		return
	}
	if c.writesOnly(body, v) {
		return // a writer beside the handler, which reads and owns the connection
	}
	if end := c.sum.leak(body, v, nil, nil); end != nil {
		c.report(paramIdent(c.pass.TypesInfo, typ, v), 0, msgHandlerLeaks, who, c.line(end), v.Name())
	}
}

// writesOnly reports whether body uses the connection v only to write
// to it (and perhaps close it, or set its write deadline): a goroutine
// that sends a subscriber's messages or a chat client's lines while the
// handler reads. The handler owns the connection and closes it; the
// writer need not. Any other use of v, passing it on included, might
// read, and makes the goroutine an owner.
func (c *checker) writesOnly(body *ast.BlockStmt, v types.Object) bool {
	info := c.pass.TypesInfo
	uses, writes := 0, 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if info.Uses[n] == v {
				uses++
			}
		case *ast.CallExpr:
			if x, name := method(info, n); x != nil && objOf(info, x) == v {
				switch name {
				case "Write", "Close", "SetWriteDeadline", "RemoteAddr", "LocalAddr":
					writes++
				}
			}
			fn := calleeFunc(info, n)
			for _, arg := range n.Args {
				if objOf(info, arg) != v {
					continue
				}
				if isFunc(fn, "io", "WriteString") || isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln") {
					writes++
				} else if _, name := method(info, n); name == "WriteTo" {
					writes++ // net.Buffers' WriteTo(conn)
				}
			}
		}
		return true
	})
	return uses > 0 && uses == writes
}

// paramIdent returns the name that declares parameter v in typ.
func paramIdent(info *types.Info, typ *ast.FuncType, v types.Object) ast.Node {
	for _, f := range typ.Params.List {
		for _, name := range f.Names {
			if info.Defs[name] == v {
				return name
			}
		}
	}
	return typ
}

// line returns the line n starts on.
func (c *checker) line(n ast.Node) int { return c.pass.Fset.Position(n.Pos()).Line }
