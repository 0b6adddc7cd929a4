package pitfalls

import (
	"go/ast"
	"go/types"
)

// WriteBlocksAccept finds a write to a connection made on the accept
// loop's own goroutine with no write deadline: a reply to a client that is
// turned away.
var WriteBlocksAccept = newAnalyzer(writeBlocksAccept,
	`find writes on the accept loop's goroutine that have no write deadline

A server over its limit tells the client why before it hangs up, and it
does so in the accept loop, before any goroutine is started. A Write waits
while the client's receive window is full; a client that connects and never
reads can then hold the loop, and nobody else is accepted. A short reply
into a fresh connection fits today's buffers, which is why no test sees it:
the deadline (conn.SetWriteDeadline) is what makes it so on every network.`,
	runWriteBlocksAccept)

const msgWriteBlocksAccept = "%s on the accept loop's goroutine with no write deadline: " +
	"if this write waits for a client that never reads, nobody else is accepted meanwhile"

func runWriteBlocksAccept(c *checker) {
	c.funcs(func(_ *ast.FuncType, body *ast.BlockStmt, _ *ast.FuncDecl) {
		walkStack(body, func(n ast.Node, _ []ast.Node) {
			lb := loopBody(asLoop(n))
			if lb == nil || !c.acceptsIn(lb) || c.setsWriteDeadline(lb) {
				return
			}
			if w := c.writeIn(lb, map[*ast.FuncDecl]bool{}); w != nil {
				c.report(w, 0, msgWriteBlocksAccept, c.writeName(w))
			}
		})
	})
}

// setsWriteDeadline reports whether body, or a function of the package
// it calls, sets a write deadline on something.
func (c *checker) setsWriteDeadline(body ast.Node) bool {
	return c.sum.anyOp("sets-write-deadline", body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		_, name := method(c.pass.TypesInfo, call)
		return name == "SetWriteDeadline" || name == "SetDeadline"
	})
}

// writeIn returns the first write to a connection that body makes on its
// own goroutine, directly or in a function of the package it calls that
// sets no deadline itself. done keeps a recursion finite.
func (c *checker) writeIn(body ast.Node, done map[*ast.FuncDecl]bool) *ast.CallExpr {
	var w *ast.CallExpr
	inspectBody(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if c.writeName(n) != "" {
				w = n
			} else if d := c.idx.declOf(n); d != nil && !done[d] {
				done[d] = true
				if !c.setsWriteDeadline(d.Body) {
					w = c.writeIn(d.Body, done)
				}
			}
		}
		return w == nil
	})
	return w
}

// writeMethods are the methods that write to a connection, or to a bufio
// wrapper around one (Flush writes what it holds).
var writeMethods = map[string]bool{
	"Write": true, "WriteString": true, "WriteByte": true, "WriteRune": true, "ReadFrom": true, "Flush": true,
}

// writeName names call for a message when it writes to a connection, and
// returns "" when it does not.
func (c *checker) writeName(call *ast.CallExpr) string {
	info := c.pass.TypesInfo
	if recv, name := method(info, call); recv != nil {
		if writeMethods[name] && c.idx.streamLevel(recv) == isStream {
			return types.ExprString(call.Fun)
		}
		return ""
	}
	fn := calleeFunc(info, call)
	if len(call.Args) == 0 || c.idx.streamLevel(call.Args[0]) != isStream {
		return ""
	}
	if isFunc(fn, "io", "Copy", "CopyN", "CopyBuffer", "WriteString") || isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln") {
		return fn.Pkg().Name() + "." + fn.Name() + "(" + types.ExprString(call.Args[0]) + ", ...)"
	}
	return ""
}
