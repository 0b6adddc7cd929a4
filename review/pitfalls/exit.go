package pitfalls

import (
	"go/ast"
	"go/types"
)

// ExitInHandler finds log.Fatal, os.Exit and panic in code that serves one
// connection: a function that is handed a connection, a goroutine that
// uses one, and every function of the package they call.
var ExitInHandler = newAnalyzer(exitInHandler,
	`find log.Fatal, os.Exit and panic in code that serves a connection

One client's error belongs to that client. log.Fatal and os.Exit in a
handler end the whole server for it, and an unrecovered panic in any
goroutine crashes the process: every other client is cut off. Log the error
and return, so that only this connection closes.`,
	runExitInHandler)

const (
	msgExit  = "%s in code that serves one connection ends the whole server for one client's error: log it and return instead"
	msgPanic = "panic in code that serves one connection crashes the server and cuts off every client: log the error and return instead"
)

func runExitInHandler(c *checker) {
	var roots []ast.Node
	c.funcs(func(typ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		if c.takesConn(typ) {
			roots = append(roots, body)
		}
		inspectBody(body, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok && c.usesConn(lit.Body) {
					roots = append(roots, lit.Body)
				}
			}
			return true
		})
	})
	// Everything those roots call, in this package, serves a connection too.
	done := map[ast.Node]bool{}
	for len(roots) > 0 {
		body := roots[0]
		roots = roots[1:]
		if done[body] {
			continue
		}
		done[body] = true
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if d := c.idx.declOf(call); d != nil {
				roots = append(roots, d.Body)
			}
			if !c.sum.mayReturn(call) {
				c.reportExit(call)
			}
			return true
		})
	}
}

// reportExit reports a call that never returns.
func (c *checker) reportExit(call *ast.CallExpr) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		c.report(call, 0, msgPanic)
		return
	}
	fn := calleeFunc(c.pass.TypesInfo, call)
	if fn.Pkg().Path() == "runtime" {
		return // Goexit ends only this goroutine, after its deferred calls
	}
	c.report(call, 0, msgExit, fn.Pkg().Name()+"."+fn.Name())
}

// takesConn reports whether a function type has a connection parameter.
func (c *checker) takesConn(typ *ast.FuncType) bool {
	for _, f := range typ.Params.List {
		if c.idx.isConn(c.pass.TypesInfo.TypeOf(f.Type)) {
			return true
		}
	}
	return false
}

// usesConn reports whether body refers to a variable that is a
// connection.
func (c *checker) usesConn(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && c.idx.isConn(v.Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}
